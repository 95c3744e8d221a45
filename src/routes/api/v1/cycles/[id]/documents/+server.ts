import { json } from '@sveltejs/kit';
import { assertParticipant, requireCycle } from '$lib/server/cycles/cycles';
import { documentTemplates } from '$lib/domain/templates';
import {
	createDocument,
	documentJson,
	parseKind,
	parseTemplate,
	parseTitle
} from '$lib/server/documents/documents';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/** `{ kind, title?, template? }`: the template seeds the body (`lesson_plan`, `pre_conference`, `debrief`, …). */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const cycle = await requireCycle(db(), actor, event.params.id ?? '');
	assertParticipant(actor, cycle);
	const body = await readJson(event);
	const kind = parseKind(body.kind);
	const template = parseTemplate(body.template, kind);
	const row = await createDocument(db(), {
		workspaceId: cycle.workspaceId,
		cycleId: cycle.id,
		kind,
		title:
			body.title === undefined && template
				? documentTemplates[template].defaultTitle
				: parseTitle(body.title),
		template,
		createdBy: user.id
	});
	return json(await documentJson(db(), row), { status: 201 });
});
