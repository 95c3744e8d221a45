import { json } from '@sveltejs/kit';
import { plcsJson, setMembers } from '$lib/server/plcs/plcs';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizePlc } from '$lib/server/sveltekit/plcs';

/** Replaces the members: `{ memberIds }`. Whoever leaves loses the group's documents at once (4205). */
export const PUT = endpoint(async (event) => {
	const { actor, plc, memberIds } = await authorizePlc(event);
	await setMembers(db(), runtime().collaboration, actor, plc, memberIds, (await readJson(event)).memberIds);
	const [body] = await plcsJson(db(), actor, [plc]);
	return json(body);
});
