import { json } from '@sveltejs/kit';
import { createVersion, restoreUpdate } from '$lib/server/documents/versions';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** Restores a version as a new edit that everyone sees live; the state before it stays in history. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const collaboration = runtime().collaboration;
	const current = await collaboration.currentState(document.id);
	const update = await restoreUpdate(db(), document.id, event.params.versionId ?? '', current);
	await createVersion(db(), {
		documentId: document.id,
		state: current,
		reason: 'before-restore',
		createdBy: user.id
	});
	await collaboration.applyServerUpdate(document.id, update, user.id);
	return json({ restored: true });
});
