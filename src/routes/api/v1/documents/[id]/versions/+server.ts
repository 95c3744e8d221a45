import { json } from '@sveltejs/kit';
import { versionName } from '$lib/domain/validation/documents';
import { parseField } from '$lib/domain/validation/parse';
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
	const name = parseField('name', versionName, body.name);
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
