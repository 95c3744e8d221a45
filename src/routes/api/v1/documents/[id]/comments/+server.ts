import { json } from '@sveltejs/kit';
import { newCommentInput } from '$lib/domain/validation/documents';
import { startThread, threadsOf } from '$lib/server/documents/comments';
import { endpoint, readBody } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** The threads, each with its replies, its anchor and where the passage stands now (null once deleted). */
export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	return json({ comments: await threadsOf(runtime().collaboration, document.id) });
});

/**
 * `{ text, anchor?: { quote, offset }, mentions?: [userId] }`: a comment by whoever may comment — the pair,
 * and readers granted comment access, whose editor is read-only. The server finds the quoted words nearest
 * the offset and anchors the comment to them, writing it into the document stamped with the author from
 * the session.
 */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const facts = await authorizeDocument(user, event.params.id ?? '', 'comment', 'api');
	const input = await readBody(event, newCommentInput);
	const comment = await startThread(db(), runtime().collaboration, facts, user.id, input);
	return json(comment, { status: 201 });
});
