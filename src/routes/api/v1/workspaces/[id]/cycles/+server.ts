import { json } from '@sveltejs/kit';
import { forbidden, notFound } from '$lib/domain/errors';
import { can, canSee } from '$lib/domain/permissions';
import { cycleJson, listVisibleCycles, startCycle } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const workspaceId = event.params.id ?? '';
	if (!canSee(actor, { type: 'workspace', workspaceId })) throw notFound('That workspace');
	const cycles = await listVisibleCycles(db(), actor, workspaceId);
	return json({ cycles: await Promise.all(cycles.map((c) => cycleJson(db(), actor, c))) });
});

export const POST = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const workspace = { type: 'workspace', workspaceId: event.params.id ?? '' } as const;
	if (!canSee(actor, workspace)) throw notFound('That workspace');
	if (!can(actor, 'create_cycle', workspace))
		throw forbidden('Coaches start cycles; teachers may ask for one.');
	const body = await readJson(event);
	const cycle = await startCycle(db(), actor, {
		workspaceId: workspace.workspaceId,
		...body,
		title: body.title
	});
	return json(await cycleJson(db(), actor, cycle), { status: 201 });
});
