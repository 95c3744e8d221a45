import { json } from '@sveltejs/kit';
import { documentJson } from '$lib/server/documents/documents';
import { createObservationFromPlan } from '$lib/server/documents/observations';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** Creates an observation from this lesson plan; its look-fors become the observation's headings. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const observation = await createObservationFromPlan(db(), runtime().collaboration, document, user.id);
	return json(await documentJson(db(), observation), { status: 201 });
});
