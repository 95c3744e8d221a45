import { json } from '@sveltejs/kit';
import { ledgerForDocument } from '$lib/server/ledger/ledger';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** The teacher's view of who else read the document, and every share, release and refusal. */
export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'view_ledger', 'api');
	// Every look answered before this one is in what the teacher reads (the queue writes after answers).
	await runtime().ledger.drain();
	// docs/design.md §6: `[{ actorId, action, channel, at }]`, each entry with its decision and names besides.
	return json(await ledgerForDocument(db(), document.workspaceId, document.id));
});
