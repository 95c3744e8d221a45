import { json } from '@sveltejs/kit';
import { deleteDocument } from '$lib/server/deletion/deletion';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
import { documentPatch } from '$lib/domain/validation/documents';
import { parseInput } from '$lib/domain/validation/parse';
import { documentJson, renameDocument, setDocumentArchived } from '$lib/server/documents/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	return json(await documentJson(db(), document));
});

/** Rename, archive (`archived: true`) or restore (`archived: false`). */
export const PATCH = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'manage', 'api');
	// Parsed whole before anything changes: a bad `archived` does not leave a renamed document behind.
	const patch = parseInput(documentPatch, await readJson(event));
	if (patch.title !== undefined) await renameDocument(db(), document.id, patch.title);
	if (patch.archived !== undefined) await setDocumentArchived(db(), document.id, patch.archived);
	const { document: updated } = await authorizeDocument(user, document.id, 'read', 'api');
	return json(await documentJson(db(), updated));
});

/** Deletes the document for good (the teacher, for cycle documents): answers the deletion receipt. */
export const DELETE = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const receipt = await deleteDocument(
		db(),
		runtime().collaboration,
		runtime().media,
		actor,
		event.params.id ?? '',
		'api'
	);
	return json(receipt);
});
