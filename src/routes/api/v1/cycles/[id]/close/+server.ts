import { json } from '@sveltejs/kit';
import { closeCycleWithMeasurement } from '$lib/server/cycles/close';
import { cycleJson } from '$lib/server/cycles/cycles';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** `{ "outcome": "met"|"partly_met"|"not_met", "finalValue"?, "finalDate"?, "finalNote"?, "note"? }` */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const { today } = await workspaceClock(db(), cycle.workspaceId);
	const body = await readJson(event);
	const closed = await closeCycleWithMeasurement(db(), runtime().collaboration, actor, cycle, body, today);
	return json(await cycleJson(db(), actor, closed));
});
