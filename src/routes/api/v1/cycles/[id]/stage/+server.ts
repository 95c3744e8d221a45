import { json } from '@sveltejs/kit';
import { changeStage, cycleJson } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** Moves the cycle one stage forward or back: `{ "stage": "learn", "note": "…" }`. */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const moved = await changeStage(db(), actor, cycle, await readJson(event));
	return json(await cycleJson(db(), actor, moved));
});
