import { json } from '@sveltejs/kit';
import { cyclesJson, listVisibleCycles, parseCycleFilters, startCycle } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

/** Filters: `stage`, `status`, `teacherId`, `coachId`, `q`, `archived=true`. */
export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event);
	const cycles = await listVisibleCycles(db(), actor, workspaceId, parseCycleFilters(event.url.searchParams));
	return json({ cycles: await cyclesJson(db(), actor, cycles) });
});

/** A coach starts a cycle (`teacherId`); a teacher asks a coach for one (`coachId`). */
export const POST = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(
		event,
		'create_cycle',
		'Coaches start cycles; teachers may ask for one.'
	);
	const body = await readJson(event);
	const cycle = await startCycle(db(), actor, { ...body, workspaceId, title: body.title });
	const [created] = await cyclesJson(db(), actor, [cycle]);
	return json(created, { status: 201 });
});
