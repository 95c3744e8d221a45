// What a client may send about a document: titles, kinds, templates, shares and version names.
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../documents.ts';
import { DOCUMENT_TEMPLATES } from '../templates.ts';
import { oneOf } from './fields.ts';
import { text } from './text.ts';
import { idList } from './ids.ts';

export const documentTitle = text({ min: 1, max: 200, message: 'A title has 1 to 200 characters.' });
/** A document's details through the API: rename, archive (true) or restore (false); absent is unchanged. */
export const documentPatch = z.object({
	title: documentTitle.optional(),
	archived: z.boolean({ error: 'archived is true or false.' }).optional()
});
export const documentKind = oneOf(
	DOCUMENT_KINDS,
	'Choose a document kind: note, goal, lesson_plan, observation, meeting, plc_notes, protocol or video.'
);
export const documentTemplate = oneOf(DOCUMENT_TEMPLATES, 'Unknown template.');
export const shareAccess = oneOf(['read', 'comment'], 'Access is "read" or "comment".');
export const versionName = text({ min: 1, max: 120, message: 'Name the version (1 to 120 characters).' });
export const commentText = text({
	min: 1,
	max: 2000,
	multiline: true,
	truncate: true,
	message: 'Write a comment of 1 to 2000 characters.'
});

/** A time-coded comment on a lesson video (issue 18): at which moment, what, and an optional tag. */
export const videoCommentInput = z.object({
	atMs: z
		.number({ message: 'Say at which moment of the video (atMs, in milliseconds).' })
		.int('A moment is a whole number of milliseconds.')
		.min(0, 'A moment is not before the start.')
		.max(24 * 60 * 60 * 1000, 'A moment is within the video.'),
	text: commentText,
	tag: text({ min: 1, max: 80, truncate: true, message: 'A tag is 1 to 80 characters.' }).optional()
});

// Where a new comment sits: the quoted words exactly as they appear in the body's plain text (not cleaned or
// trimmed, or they would no longer be found) and the offset where the person saw them (comment-anchors.ts).
export const commentAnchorInput = z.object(
	{
		quote: z
			.string({ error: 'Quote the passage the comment is on.' })
			.min(1, { error: 'Quote the passage the comment is on.' })
			.max(1000, { error: 'Comment on a passage of at most 1000 characters.' }),
		offset: z
			.number({ error: 'The offset counts characters from the start of the text.' })
			.int({ error: 'The offset counts characters from the start of the text.' })
			.min(0, { error: 'The offset counts characters from the start of the text.' })
	},
	{ error: 'An anchor is {"quote", "offset"}.' }
);
export type CommentAnchorInput = z.output<typeof commentAnchorInput>;

const commentMentions = idList({ max: 10, message: 'Mention at most 10 people, by id.' }).default([]);

export const newCommentInput = z.object({
	text: commentText,
	anchor: commentAnchorInput.nullish().transform((anchor) => anchor ?? null),
	mentions: commentMentions
});
export const commentReplyInput = z.object({ text: commentText, mentions: commentMentions });
export const commentResolutionInput = z.object({
	resolved: z.boolean({ error: 'Say whether the thread is resolved: true or false.' })
});
