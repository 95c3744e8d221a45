import { json } from '@sveltejs/kit';
import { cycleJson, listVisibleCycles, startCycle } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event);
	const cycles = await listVisibleCycles(db(), actor, workspaceId);
	return json({ cycles: await Promise.all(cycles.map((c) => cycleJson(db(), actor, c))) });
});

export const POST = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(
		event,
		'create_cycle',
		'Coaches start cycles; teachers may ask for one.'
	);
	const body = await readJson(event);
	const cycle = await startCycle(db(), actor, { workspaceId, ...body, title: body.title });
	return json(await cycleJson(db(), actor, cycle), { status: 201 });
});
