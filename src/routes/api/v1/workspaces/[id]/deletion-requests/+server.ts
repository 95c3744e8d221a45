import { json } from '@sveltejs/kit';
import { deletePerson } from '$lib/server/deletion/deletion';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

/** A district deletion request for one person (admins): `{ userId }` → the deletion receipt. */
export const POST = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(
		event,
		'manage_members',
		'Only an admin runs a deletion request.'
	);
	const { userId } = await readJson(event);
	return json(
		await deletePerson(db(), runtime().collaboration, runtime().media, actor, workspaceId, userId),
		{ status: 201 }
	);
});
