import { json } from '@sveltejs/kit';
import { assertParticipant } from '$lib/server/cycles/cycles';
import { listActionSteps } from '$lib/server/dashboards/action-steps';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import { endpoint } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** The cycle's action steps, as derived from its documents at their last store. */
export const GET = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	assertParticipant(actor, cycle);
	const { today } = await workspaceClock(db(), cycle.workspaceId);
	return json({ actionSteps: await listActionSteps(db(), actor, { cycleIds: [cycle.id] }, today) });
});
