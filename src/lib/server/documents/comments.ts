// Comment threads on a document, written by the server for everyone who may comment (a reader granted comment
// access has a read-only socket), stamped with the author from the session. The shape is the domain's
// (src/lib/domain/comments.ts); this module adds what needs the database: who may be named, and the
// "for you" rows of those who are.
import { and, desc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { anchorForQuote } from '../../domain/comment-anchors.ts';
import {
	addComment,
	addReply,
	readComments,
	setResolved,
	type CommentThread,
	type DocumentComment
} from '../../domain/comments.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import type { CommentAnchorInput } from '../../domain/validation/documents.ts';
import type { DocumentFacts } from '../access.ts';
import type { Db } from '../db/client.ts';
import { commentMentions, documents, users } from '../db/schema.ts';
import type { CollaborationControl } from '../runtime.ts';
import { listMembers } from '../workspaces/workspaces.ts';

export interface Person {
	id: string;
	name: string;
}

/**
 * Everyone who can read the document now, as `can()` decides for each active member: the people a comment may
 * name. Nobody else is offered in the picker or accepted by the API.
 */
export async function documentReaders(db: Db, facts: DocumentFacts): Promise<Person[]> {
	const members = await listMembers(db, facts.document.workspaceId);
	return members
		.filter((member) =>
			can(
				{
					userId: member.userId,
					memberships: new Map([[facts.document.workspaceId, { roles: member.roles, active: member.active }]])
				},
				'read',
				facts.resource
			)
		)
		.map((member) => ({ id: member.userId, name: member.name }));
}

async function checkMentions(db: Db, facts: DocumentFacts, mentions: readonly string[], authorId: string) {
	const wanted = [...new Set(mentions)].filter((id) => id !== authorId);
	if (wanted.length === 0) return [];
	const readers = new Set((await documentReaders(db, facts)).map((person) => person.id));
	if (wanted.some((id) => !readers.has(id)))
		throw invalid('Mention only people who can read this document.', { mentions: 'Not a reader.' });
	return wanted;
}

async function recordMentions(
	db: Db,
	facts: DocumentFacts,
	threadId: string,
	comment: DocumentComment
): Promise<void> {
	if (comment.mentions.length === 0) return;
	await db
		.insert(commentMentions)
		.values(
			comment.mentions.map((mentionedUserId) => ({
				documentId: facts.document.id,
				workspaceId: facts.document.workspaceId,
				threadId,
				commentId: comment.id,
				mentionedUserId,
				authorId: comment.authorId,
				createdAt: new Date(comment.at)
			}))
		)
		.onConflictDoNothing();
}

export interface NewComment {
	text: string;
	anchor: CommentAnchorInput | null;
	mentions: readonly string[];
}

/** Opens a thread, anchored to the quoted passage when one is given. */
export async function startThread(
	db: Db,
	collaboration: CollaborationControl,
	facts: DocumentFacts,
	authorId: string,
	input: NewComment
): Promise<DocumentComment> {
	const comment: DocumentComment = {
		id: crypto.randomUUID(),
		authorId,
		text: input.text,
		at: new Date().toISOString(),
		mentions: await checkMentions(db, facts, input.mentions, authorId)
	};
	const wanted = input.anchor;
	await collaboration.change(facts.document.id, { userId: authorId }, (doc) => {
		// Resolved on the live document, inside the change: the words are found as they stand at this instant,
		// after any typing that reached the server since the person selected them.
		const anchor = wanted ? anchorForQuote(doc, wanted.quote, wanted.offset) : null;
		if (wanted && !anchor)
			throw new AppError(
				'conflict',
				'Those words are no longer in the text. Select the passage again and comment on it.'
			);
		addComment(doc, { ...comment, anchor });
	});
	await recordMentions(db, facts, comment.id, comment);
	return comment;
}

export async function replyToThread(
	db: Db,
	collaboration: CollaborationControl,
	facts: DocumentFacts,
	authorId: string,
	threadId: string,
	input: Omit<NewComment, 'anchor'>
): Promise<DocumentComment> {
	const reply: DocumentComment = {
		id: crypto.randomUUID(),
		authorId,
		text: input.text,
		at: new Date().toISOString(),
		mentions: await checkMentions(db, facts, input.mentions, authorId)
	};
	await collaboration.change(facts.document.id, { userId: authorId }, (doc) =>
		addReply(doc, threadId, reply)
	);
	await recordMentions(db, facts, threadId, reply);
	return reply;
}

export async function resolveThread(
	collaboration: CollaborationControl,
	facts: DocumentFacts,
	userId: string,
	threadId: string,
	resolved: boolean
): Promise<void> {
	const at = new Date().toISOString();
	await collaboration.change(facts.document.id, { userId }, (doc) =>
		setResolved(doc, threadId, resolved ? { by: userId, at } : null)
	);
}

export async function threadsOf(
	collaboration: CollaborationControl,
	documentId: string
): Promise<CommentThread[]> {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, await collaboration.currentState(documentId));
		return readComments(doc);
	} finally {
		doc.destroy();
	}
}

/** How many "for you" entries the home page shows. */
export const FOR_YOU_LIMIT = 5;

export interface Mention {
	documentId: string;
	documentTitle: string;
	threadId: string;
	commentId: string;
	author: Person | null;
	at: string;
	/** The comment's words, read from the document (which the person may read). */
	text: string;
	resolved: boolean;
}

/**
 * The latest comments that name this person, in documents they may still read (`readableIds`, from the one
 * permission module: a person whose access ended sees nothing of them). Each comment's words are read from
 * its document, so nothing of it is copied into the database.
 */
export async function mentionsFor(
	db: Db,
	collaboration: CollaborationControl,
	userId: string,
	workspaceId: string,
	readableIds: readonly string[]
): Promise<Mention[]> {
	if (readableIds.length === 0) return [];
	const rows = await db
		.select({
			documentId: commentMentions.documentId,
			documentTitle: documents.title,
			threadId: commentMentions.threadId,
			commentId: commentMentions.commentId,
			authorId: commentMentions.authorId,
			authorName: users.name,
			at: commentMentions.createdAt
		})
		.from(commentMentions)
		.innerJoin(documents, eq(documents.id, commentMentions.documentId))
		.leftJoin(users, eq(users.id, commentMentions.authorId))
		.where(
			and(
				eq(commentMentions.mentionedUserId, userId),
				eq(commentMentions.workspaceId, workspaceId),
				inArray(commentMentions.documentId, [...readableIds])
			)
		)
		.orderBy(desc(commentMentions.createdAt))
		.limit(FOR_YOU_LIMIT);
	const threads = new Map<string, CommentThread[]>();
	for (const id of new Set(rows.map((r) => r.documentId)))
		threads.set(id, await threadsOf(collaboration, id));
	const found: Mention[] = [];
	for (const row of rows) {
		const thread = threads.get(row.documentId)?.find((t) => t.id === row.threadId);
		const comment = thread && [thread, ...thread.replies].find((c) => c.id === row.commentId);
		if (!thread || !comment) continue;
		found.push({
			documentId: row.documentId,
			documentTitle: row.documentTitle,
			threadId: row.threadId,
			commentId: row.commentId,
			author: row.authorId && row.authorName ? { id: row.authorId, name: row.authorName } : null,
			at: row.at.toISOString(),
			text: comment.text,
			resolved: thread.resolved !== null
		});
	}
	return found;
}
