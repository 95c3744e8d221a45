import { json } from '@sveltejs/kit';
import { notFound } from '$lib/domain/errors';
import { canSee } from '$lib/domain/permissions';
import { createRelease, listReleases, releaseJson } from '$lib/server/releases/releases';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';

/** Releases I made and releases made to me, in one workspace: `?workspaceId=…` (titles, no content). */
export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const workspaceId = event.url.searchParams.get('workspaceId') ?? '';
	if (!canSee(actor, { type: 'workspace', workspaceId })) throw notFound('That workspace');
	return json({ releases: await listReleases(db(), actor, workspaceId) });
});

/** The teacher freezes documents for one reader: `{ documentIds, recipientId, note? }` → `{ id }`. */
export const POST = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const release = await createRelease(db(), runtime().collaboration, actor, await readJson(event));
	return json(await releaseJson(db(), release, false), { status: 201 });
});
