import { json } from '@sveltejs/kit';
import { AppError, invalid } from '$lib/domain/errors';
import { can } from '$lib/domain/permissions';
import { documentTemplates } from '$lib/domain/templates';
import {
	createDocument,
	documentJson,
	parseKind,
	parseTemplate,
	parseTitle
} from '$lib/server/documents/documents';
import { plcResource } from '$lib/server/plcs/plcs';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizePlc } from '$lib/server/sveltekit/plcs';

const PLC_KINDS: readonly string[] = ['plc_notes', 'protocol', 'lesson_plan', 'observation', 'note'];

/** A document in the group's space: `{ kind, title?, template? }` (members). */
export const POST = endpoint(async (event) => {
	const { user, actor, plc, memberIds } = await authorizePlc(event);
	if (!can(actor, 'create_document', plcResource(plc, memberIds)))
		throw new AppError('forbidden', 'The group’s members write in its space.');
	const body = await readJson(event);
	const kind = parseKind(body.kind);
	// Goals and meeting notes belong to coaching cycles; a group writes agendas, notes, protocols,
	// shared lesson plans and demonstration-lesson observations.
	if (!PLC_KINDS.includes(kind))
		throw invalid('A group writes agendas and notes, protocols, lesson plans or observations.', {
			kind: 'Not for a PLC.'
		});
	const template = parseTemplate(body.template, kind);
	const row = await createDocument(db(), {
		workspaceId: plc.workspaceId,
		plcId: plc.id,
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
