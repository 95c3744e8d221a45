import { json } from '@sveltejs/kit';
import { notFound } from '$lib/domain/errors';
import { canSee } from '$lib/domain/permissions';
import { searchParamsInput } from '$lib/domain/validation/search';
import { parseSearchQuery, searchWorkspace } from '$lib/server/search/search';
import { endpoint } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/**
 * What I may read in a workspace that matches `?q=`: `?workspaceId=…&q=…` with `kind`, `teacherId`,
 * `cycleId`, `from`, `to` (YYYY-MM-DD), `limit` and `offset` → `{ query, total, offset, limit, results }`.
 */
export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const workspaceId = event.url.searchParams.get('workspaceId') ?? '';
	if (!canSee(actor, { type: 'workspace', workspaceId })) throw notFound('That workspace');
	const query = parseSearchQuery(searchParamsInput(event.url.searchParams));
	return json(await searchWorkspace(db(), actor, workspaceId, query));
});
