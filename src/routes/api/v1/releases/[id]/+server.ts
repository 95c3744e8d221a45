import { json } from '@sveltejs/kit';
import { requireRelease, releaseJson, revokeRelease } from '$lib/server/releases/releases';
import { endpoint } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/** The frozen snapshot, for its reader (and the teacher); 404 for anyone else and after revocation. */
export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const release = await requireRelease(db(), actor, event.params.id ?? '', 'api');
	return json(await releaseJson(db(), release));
});

/** The teacher revokes future access; the ledger keeps that it happened. */
export const DELETE = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const release = await requireRelease(db(), actor, event.params.id ?? '', 'api');
	await revokeRelease(db(), actor, release);
	return new Response(null, { status: 204 });
});
