import { json } from '@sveltejs/kit';
import { invalid } from '$lib/domain/errors';
import { createVersion, listVersions } from '$lib/server/documents/versions';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	return json({ versions: await listVersions(db(), document.id) });
});

/** A named version ("before debrief") of everything acknowledged so far. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const body = await readJson(event);
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (!name || name.length > 120)
		throw invalid('Name the version (1 to 120 characters).', { name: 'Required.' });
	const state = await runtime().collaboration.currentState(document.id);
	const id = await createVersion(db(), {
		documentId: document.id,
		state,
		reason: 'named',
		name,
		createdBy: user.id
	});
	return json({ id }, { status: 201 });
});
