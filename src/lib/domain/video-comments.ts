// Time-coded comments on a lesson video (issue 18): `Y.Array` `videoComments` of `Y.Map` {id, atMs, text,
// author, at, tag?} in the video document's Y.Doc. The server adds each one for its author (stamped from
// the session, through control.change), and every open page sees it arrive live with the rest of the doc.
import * as Y from 'yjs';
import { rootArray } from './action-steps.ts';
import { formatMoment } from './media.ts';
import { commentText } from './validation/documents.ts';

export const VIDEO_COMMENTS_ROOT = 'videoComments';

export interface VideoComment {
	id: string;
	atMs: number;
	text: string;
	authorId: string;
	/** When it was written (ISO). */
	at: string;
	/** A look-for or any short label the author chose. */
	tag?: string;
}

/** The comments in the order of the video; entries a client garbled are skipped, never thrown over. */
export function readVideoComments(doc: Y.Doc): VideoComment[] {
	const comments: VideoComment[] = [];
	rootArray(doc, VIDEO_COMMENTS_ROOT, false)?.forEach((entry) => {
		if (!(entry instanceof Y.Map)) return;
		const id: unknown = entry.get('id');
		const atMs: unknown = entry.get('atMs');
		const authorId: unknown = entry.get('author');
		const at: unknown = entry.get('at');
		const tag: unknown = entry.get('tag');
		const text = commentText.safeParse(entry.get('text'));
		if (
			typeof id !== 'string' ||
			typeof atMs !== 'number' ||
			!Number.isFinite(atMs) ||
			atMs < 0 ||
			typeof authorId !== 'string' ||
			typeof at !== 'string' ||
			!text.success
		)
			return;
		comments.push({
			id,
			atMs,
			text: text.data,
			authorId,
			at,
			...(typeof tag === 'string' && tag ? { tag } : {})
		});
	});
	return comments.sort((a, b) => a.atMs - b.atMs || a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export function addVideoComment(doc: Y.Doc, comment: VideoComment): void {
	const array = rootArray(doc, VIDEO_COMMENTS_ROOT, true);
	if (!array) throw new Error('This document cannot hold video comments.');
	const entry = new Y.Map<unknown>();
	entry.set('id', comment.id);
	entry.set('atMs', comment.atMs);
	entry.set('text', comment.text);
	entry.set('author', comment.authorId);
	entry.set('at', comment.at);
	if (comment.tag) entry.set('tag', comment.tag);
	array.push([entry]);
}

/** Removes one comment; true when it was there. */
export function removeVideoComment(doc: Y.Doc, id: string): boolean {
	const array = rootArray(doc, VIDEO_COMMENTS_ROOT, false);
	if (!array) return false;
	const index = array.toArray().findIndex((entry) => entry instanceof Y.Map && entry.get('id') === id);
	if (index < 0) return false;
	array.delete(index, 1);
	return true;
}

/** WebVTT: each comment a cue from its moment, shown for a few seconds, "Name: text". */
export function videoCommentsAsWebVtt(
	comments: readonly VideoComment[],
	nameOf: (id: string) => string
): string {
	const cue = (ms: number) => {
		const h = Math.floor(ms / 3_600_000);
		const m = Math.floor((ms % 3_600_000) / 60_000);
		const s = Math.floor((ms % 60_000) / 1000);
		const rest = ms % 1000;
		return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(rest).padStart(3, '0')}`;
	};
	const lines = ['WEBVTT', ''];
	for (const comment of comments) {
		lines.push(comment.id, `${cue(comment.atMs)} --> ${cue(comment.atMs + 4000)}`);
		// A blank line or "-->" inside a cue would end it early or read as timing.
		const text = `${nameOf(comment.authorId)}: ${comment.tag ? `[${comment.tag}] ` : ''}${comment.text}`;
		lines.push(text.replace(/-->/g, '->').replace(/\n\s*\n/g, '\n'), '');
	}
	return lines.join('\n');
}

/** Markdown: one line per comment, "- **12:34** Name: text". */
export function videoCommentsAsMarkdown(
	title: string,
	comments: readonly VideoComment[],
	nameOf: (id: string) => string
): string {
	const lines = [`# ${title}`, ''];
	for (const comment of comments)
		lines.push(
			`- **${formatMoment(comment.atMs)}** ${nameOf(comment.authorId)}${comment.tag ? ` _(${comment.tag})_` : ''}: ${comment.text.replace(/\n/g, ' ')}`
		);
	return `${lines.join('\n')}\n`;
}
