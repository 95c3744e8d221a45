import { json } from '@sveltejs/kit';
import { commentReplyInput } from '$lib/domain/validation/documents';
import { replyToThread } from '$lib/server/documents/comments';
import { endpoint, readBody } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** `{ text, mentions?: [userId] }`: a reply at the end of the thread, stamped with the author from the session. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const facts = await authorizeDocument(user, event.params.id ?? '', 'comment', 'api');
	const input = await readBody(event, commentReplyInput);
	const reply = await replyToThread(
		db(),
		runtime().collaboration,
		facts,
		user.id,
		event.params.commentId ?? '',
		input
	);
	return json(reply, { status: 201 });
});
