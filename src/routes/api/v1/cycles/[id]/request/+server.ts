import { json } from '@sveltejs/kit';
import { invalid } from '$lib/domain/errors';
import { cycleJson, respondToRequest } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** The coach answers a teacher's request: `{ "accept": true | false }`. */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const { accept } = await readJson(event);
	if (typeof accept !== 'boolean')
		throw invalid('Say whether you accept: { "accept": true }.', { accept: 'Required.' });
	return json(await cycleJson(db(), actor, await respondToRequest(db(), actor, cycle, accept)));
});
