import { json } from '@sveltejs/kit';
import { requestAnswer } from '$lib/domain/validation/cycles';
import { cycleJson, respondToRequest } from '$lib/server/cycles/cycles';
import { endpoint, readBody } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** The coach answers a teacher's request: `{ "accept": true | false }`. */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const { accept } = await readBody(event, requestAnswer);
	return json(await cycleJson(db(), actor, await respondToRequest(db(), actor, cycle, accept)));
});
