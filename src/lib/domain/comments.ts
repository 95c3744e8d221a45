// Comments on a document (docs/design.md §6, "Comments"): the one module that knows their shape, which the
// panel, the API, exports and search all read through `readComments`.
//
// The root `Y.Array` `comments` holds one `Y.Map` per thread: the opening comment's `id`, `author`, `text`,
// `at` and `mentions` (ids of people it names), its `anchor` (a plain object, comment-anchors.ts; absent
// for a comment on the whole document, as every comment made before anchors was), `replies` (a `Y.Array`
// of `Y.Map`s with the same five fields) and `resolvedBy`/`resolvedAt` (absent or null while open). Each
// field is its own key and replies their own array, so two people replying at once both stay, and a
// resolve merges with a reply. A reader granted comment access cannot edit the document, so the server
// writes every comment, stamped with the author from the session (the comments endpoints).
import * as Y from 'yjs';
import { commentText } from './validation/documents.ts';
import { rootArray } from './action-steps.ts';
import { isEncodedPosition, placeAnchor, type AnchorPlace, type CommentAnchor } from './comment-anchors.ts';
import { notFound } from './errors.ts';

export const COMMENTS_ROOT = 'comments';
export const COMMENT_TEXT_MAX = 2000;
/** People one comment may name: enough for a team, few enough that nobody is spammed. */
export const COMMENT_MENTIONS_MAX = 10;

export interface DocumentComment {
	id: string;
	authorId: string;
	text: string;
	at: string;
	/** Ids of the people the comment names (`@name`), each of whom can read the document. */
	mentions: string[];
}

export interface CommentThread extends DocumentComment {
	/** Null for a comment on the whole document. */
	anchor: CommentAnchor | null;
	/**
	 * Where the passage stands now; null when the comment has no anchor or its passage was deleted (then
	 * the thread stays, "on deleted text", with its quote).
	 */
	place: AnchorPlace | null;
	replies: DocumentComment[];
	resolved: { by: string; at: string } | null;
}

export type NewThread = DocumentComment & { anchor: CommentAnchor | null };

/** The comment's text as stored (cleaned, at most COMMENT_TEXT_MAX), or null when there is none. */
export function parseCommentText(raw: unknown): string | null {
	const parsed = commentText.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

function readEntry(entry: Y.Map<unknown>): DocumentComment | null {
	const id: unknown = entry.get('id');
	const authorId: unknown = entry.get('author');
	const at: unknown = entry.get('at');
	const text = parseCommentText(entry.get('text'));
	if (typeof id !== 'string' || typeof authorId !== 'string' || typeof at !== 'string' || text === null)
		return null;
	const raw: unknown = entry.get('mentions');
	const mentions = Array.isArray(raw)
		? raw.filter((m): m is string => typeof m === 'string').slice(0, COMMENT_MENTIONS_MAX)
		: [];
	return { id, authorId, text, at, mentions };
}

function readAnchor(raw: unknown): CommentAnchor | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { start, end, quote } = raw as Record<string, unknown>;
	if (!isEncodedPosition(start) || !isEncodedPosition(end) || typeof quote !== 'string') return null;
	return { start, end, quote };
}

const byTime = (a: DocumentComment, b: DocumentComment) =>
	a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/** The threads, oldest first, each with its replies; entries a client garbled are skipped, never thrown over. */
export function readComments(doc: Y.Doc): CommentThread[] {
	const threads: CommentThread[] = [];
	rootArray(doc, COMMENTS_ROOT, false)?.forEach((entry) => {
		if (!(entry instanceof Y.Map)) return;
		const opening = readEntry(entry);
		if (!opening) return;
		const anchor = readAnchor(entry.get('anchor'));
		const replies: DocumentComment[] = [];
		const rawReplies: unknown = entry.get('replies');
		if (rawReplies instanceof Y.Array)
			rawReplies.forEach((reply) => {
				const read = reply instanceof Y.Map ? readEntry(reply) : null;
				if (read) replies.push(read);
			});
		const by: unknown = entry.get('resolvedBy');
		const at: unknown = entry.get('resolvedAt');
		threads.push({
			...opening,
			anchor,
			place: anchor ? placeAnchor(doc, anchor) : null,
			replies: replies.sort(byTime),
			resolved: typeof by === 'string' && typeof at === 'string' ? { by, at } : null
		});
	});
	return threads.sort(byTime);
}

function writeEntry(entry: Y.Map<unknown>, comment: DocumentComment): void {
	entry.set('id', comment.id);
	entry.set('author', comment.authorId);
	entry.set('text', comment.text);
	entry.set('at', comment.at);
	if (comment.mentions.length > 0) entry.set('mentions', [...comment.mentions]);
}

/** Opens a thread (the server does it for the author, through control.change). */
export function addComment(doc: Y.Doc, comment: NewThread): void {
	const array = rootArray(doc, COMMENTS_ROOT, true);
	if (!array) throw new Error('This document cannot hold comments.');
	const entry = new Y.Map<unknown>();
	writeEntry(entry, comment);
	if (comment.anchor) entry.set('anchor', { ...comment.anchor });
	entry.set('replies', new Y.Array<unknown>());
	array.push([entry]);
}

function threadEntry(doc: Y.Doc, threadId: string): Y.Map<unknown> {
	let found: Y.Map<unknown> | null = null;
	rootArray(doc, COMMENTS_ROOT, false)?.forEach((entry) => {
		if (!found && entry instanceof Y.Map && entry.get('id') === threadId && readEntry(entry))
			found = entry as Y.Map<unknown>;
	});
	if (!found) throw notFound('That comment');
	return found;
}

/** Adds a reply at the end of a thread. */
export function addReply(doc: Y.Doc, threadId: string, reply: DocumentComment): void {
	const thread = threadEntry(doc, threadId);
	let replies: unknown = thread.get('replies');
	if (!(replies instanceof Y.Array)) {
		replies = new Y.Array<unknown>();
		thread.set('replies', replies);
	}
	const entry = new Y.Map<unknown>();
	writeEntry(entry, reply);
	(replies as Y.Array<unknown>).push([entry]);
}

/** Resolves a thread (`resolved` given) or reopens it (null). */
export function setResolved(doc: Y.Doc, threadId: string, resolved: { by: string; at: string } | null): void {
	const thread = threadEntry(doc, threadId);
	thread.set('resolvedBy', resolved?.by ?? null);
	thread.set('resolvedAt', resolved?.at ?? null);
}
