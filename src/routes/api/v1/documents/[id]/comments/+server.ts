import { json } from '@sveltejs/kit';
import * as Y from 'yjs';
import { addComment, parseCommentText, readComments } from '$lib/domain/comments';
import { invalid } from '$lib/domain/errors';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await runtime().collaboration.currentState(document.id));
	const comments = readComments(doc);
	doc.destroy();
	return json({ comments });
});

/**
 * `{ text }`: a comment by whoever may comment — the pair, and readers granted comment access, whose
 * editor is read-only. The server writes it into the document, stamped with the author from the session.
 */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'comment', 'api');
	const text = parseCommentText((await readJson(event)).text);
	if (!text) throw invalid('Write a comment of 1 to 2000 characters.', { text: 'Required.' });
	const comment = { id: crypto.randomUUID(), authorId: user.id, text, at: new Date().toISOString() };
	await runtime().collaboration.change(document.id, { userId: user.id }, (doc) => addComment(doc, comment));
	return json(comment, { status: 201 });
});
