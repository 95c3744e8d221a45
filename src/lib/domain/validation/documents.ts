// What a client may send about a document: titles, kinds, templates, shares and version names.
import { DOCUMENT_KINDS } from '../documents.ts';
import { DOCUMENT_TEMPLATES } from '../templates.ts';
import { oneOf } from './fields.ts';
import { text } from './text.ts';
import { idList } from './ids.ts';
import { z } from 'zod';

export const documentTitle = text({ min: 1, max: 200, message: 'A title has 1 to 200 characters.' });
export const documentKind = oneOf(
	DOCUMENT_KINDS,
	'Choose a document kind: note, goal, lesson_plan, observation, meeting, plc_notes or protocol.'
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
