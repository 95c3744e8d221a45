import { json } from '@sveltejs/kit';
import { createVersion, deleteVersion, restoreVersion, versionState } from '$lib/server/documents/versions';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** Restores a version as a new edit that everyone sees live; the state before it stays in history. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const collaboration = runtime().collaboration;
	const target = await versionState(db(), document.id, event.params.versionId ?? '');
	const before = await createVersion(db(), {
		documentId: document.id,
		state: await collaboration.currentState(document.id),
		reason: 'before-restore',
		createdBy: user.id
	});
	try {
		await collaboration.change(document.id, { userId: user.id }, (doc) => restoreVersion(doc, target));
	} catch (error) {
		// Not restored: no "before restore" version of a restore that did not happen.
		await deleteVersion(db(), before).catch(() => {});
		throw error;
	}
	return json({ restored: true });
});
