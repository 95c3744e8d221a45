import { json } from '@sveltejs/kit';
import { assertParticipant, requireCycle } from '$lib/server/cycles/cycles';
import { createDocument, documentJson, parseKind, parseTitle } from '$lib/server/documents/documents';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const cycle = await requireCycle(db(), actor, event.params.id ?? '');
	assertParticipant(actor, cycle);
	const body = await readJson(event);
	const row = await createDocument(db(), {
		workspaceId: cycle.workspaceId,
		cycleId: cycle.id,
		kind: parseKind(body.kind),
		title: parseTitle(body.title),
		createdBy: user.id
	});
	return json(await documentJson(db(), row), { status: 201 });
});
