import { json } from '@sveltejs/kit';
import { documentJson } from '$lib/server/documents/documents';
import { createGroupDebrief } from '$lib/server/observations/debrief';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/**
 * The group debrief of this observation: a meeting document in the same cycle or PLC with the tool
 * totals and highlights from each observer's lane. 201 when made now; 200 with the one made before.
 */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const { document: debrief, created } = await createGroupDebrief(
		db(),
		runtime().collaboration,
		document,
		user.id
	);
	return json({ ...(await documentJson(db(), debrief)), created }, { status: created ? 201 : 200 });
});
