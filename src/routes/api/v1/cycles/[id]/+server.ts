import { json } from '@sveltejs/kit';
import { cycleJson, requireCycle } from '$lib/server/cycles/cycles';
import { endpoint } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const cycle = await requireCycle(db(), actor, event.params.id ?? '');
	return json(await cycleJson(db(), actor, cycle));
});
