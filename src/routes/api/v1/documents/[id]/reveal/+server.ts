import { json } from '@sveltejs/kit';
import { revealDocument } from '$lib/server/documents/reveal';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** The teacher opens the coach's debrief notes (docs/design.md §4): from now on the teacher reads them too. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'reveal', 'api');
	await revealDocument(db(), document.id);
	return json({ id: document.id, revealed: true });
});
