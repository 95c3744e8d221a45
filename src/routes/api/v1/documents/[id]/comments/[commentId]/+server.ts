import { json } from '@sveltejs/kit';
import { commentResolutionInput } from '$lib/domain/validation/documents';
import { resolveThread } from '$lib/server/documents/comments';
import { endpoint, readBody } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** `{ resolved: true | false }`: resolves the thread or reopens it; whoever may comment may do either. */
export const PATCH = endpoint(async (event) => {
	const user = requireApiUser(event);
	const facts = await authorizeDocument(user, event.params.id ?? '', 'comment', 'api');
	const { resolved } = await readBody(event, commentResolutionInput);
	await resolveThread(runtime().collaboration, facts, user.id, event.params.commentId ?? '', resolved);
	return json({ id: event.params.commentId, resolved });
});
