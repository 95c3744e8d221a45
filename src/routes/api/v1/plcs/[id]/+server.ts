import { json } from '@sveltejs/kit';
import { plcsJson, updatePlc } from '$lib/server/plcs/plcs';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizePlc } from '$lib/server/sveltekit/plcs';

export const GET = endpoint(async (event) => {
	const { actor, plc } = await authorizePlc(event);
	const [body] = await plcsJson(db(), actor, [plc]);
	return json(body);
});

/** `name`, `description`, `facilitatorId` (a member), `archived` (coaches and admins). */
export const PATCH = endpoint(async (event) => {
	const { actor, plc, memberIds } = await authorizePlc(event);
	const updated = await updatePlc(db(), actor, plc, memberIds, await readJson(event));
	const [body] = await plcsJson(db(), actor, [updated]);
	return json(body);
});
