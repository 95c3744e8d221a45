import { json } from '@sveltejs/kit';
import { versionWithDiff } from '$lib/server/documents/versions';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	const current = await runtime().collaboration.currentState(document.id);
	return json(await versionWithDiff(db(), document.id, event.params.versionId ?? '', current));
});
