import { json } from '@sveltejs/kit';
import { plcRecordFor, plcsJson, updatePlc } from '$lib/server/plcs/plcs';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizePlc } from '$lib/server/sveltekit/plcs';

/** The group; for its members also who joined by whose hand, and stewards' reads of its documents. */
export const GET = endpoint(async (event) => {
	const { actor, plc, memberIds } = await authorizePlc(event);
	const [[body], record] = await Promise.all([
		plcsJson(db(), actor, [plc]),
		plcRecordFor(db(), actor, plc, memberIds)
	]);
	return json({ ...body, ...(record ?? {}) });
});

/** `name`, `description`, `facilitatorId` (a member), `archived` (coaches and admins). */
export const PATCH = endpoint(async (event) => {
	const { actor, plc, memberIds } = await authorizePlc(event);
	const updated = await updatePlc(db(), actor, plc, memberIds, await readJson(event));
	const [body] = await plcsJson(db(), actor, [updated]);
	return json(body);
});
