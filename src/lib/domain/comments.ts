// Comments on a document: `Y.Array` `comments` of `Y.Map` {id, author, text, at}. A reader granted
// comment access cannot edit the document, so the server adds their comment for them (see the comments
// endpoint); everyone sees comments arrive live with the rest of the document.
import * as Y from 'yjs';
import { commentText } from './validation/documents.ts';
import { rootArray } from './action-steps.ts';

export const COMMENTS_ROOT = 'comments';
export const COMMENT_TEXT_MAX = 2000;

export interface DocumentComment {
	id: string;
	authorId: string;
	text: string;
	at: string;
}

/** The comment's text as stored (cleaned, at most COMMENT_TEXT_MAX), or null when there is none. */
export function parseCommentText(raw: unknown): string | null {
	const parsed = commentText.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

/** The comments, oldest first; entries a client garbled are skipped, never thrown over. */
export function readComments(doc: Y.Doc): DocumentComment[] {
	const comments: DocumentComment[] = [];
	rootArray(doc, COMMENTS_ROOT, false)?.forEach((entry) => {
		if (!(entry instanceof Y.Map)) return;
		const id: unknown = entry.get('id');
		const authorId: unknown = entry.get('author');
		const at: unknown = entry.get('at');
		const text = parseCommentText(entry.get('text'));
		if (typeof id !== 'string' || typeof authorId !== 'string' || typeof at !== 'string' || text === null)
			return;
		comments.push({ id, authorId, text, at });
	});
	return comments.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Adds one comment to the document (the server does it for the author, through control.change). */
export function addComment(doc: Y.Doc, comment: DocumentComment): void {
	const array = rootArray(doc, COMMENTS_ROOT, true);
	if (!array) throw new Error('This document cannot hold comments.');
	const entry = new Y.Map<unknown>();
	entry.set('id', comment.id);
	entry.set('author', comment.authorId);
	entry.set('text', comment.text);
	entry.set('at', comment.at);
	array.push([entry]);
}
