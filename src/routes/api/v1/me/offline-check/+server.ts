import { json } from '@sveltejs/kit';
import { invalid } from '$lib/domain/errors';
import { stillReadable } from '$lib/server/deletion/deletion';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/**
 * The browser lists the documents it keeps offline; the answer says which it must purge (deleted, or no
 * longer readable by this person): `{ documentIds }` → `{ purge: [...] }`.
 */
export const POST = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const { documentIds } = await readJson(event);
	if (!Array.isArray(documentIds) || documentIds.length > 500)
		throw invalid('Send up to 500 document ids.', { documentIds: 'A list of ids.' });
	const ids = [...new Set(documentIds.filter((id): id is string => typeof id === 'string'))];
	const readable = await stillReadable(db(), actor, ids);
	return json({ purge: ids.filter((id) => !readable.has(id)) });
});
