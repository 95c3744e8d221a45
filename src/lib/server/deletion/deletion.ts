// Deletion that really deletes (issue #6). A deleted document leaves nothing behind: its row goes, and with
// it (by cascade) its snapshot, update log, versions, shares, derived rows and released copies. A district
// deletion request for a person removes their coaching content and rewrites the history of every other
// document they edited, so text they once typed and deleted is not kept in old log rows or versions.
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { loadDocumentFacts } from '../access.ts';
import { isId } from '../../domain/validation/ids.ts';
import type { Db } from '../db/client.ts';
import {
	accessTokens,
	activities,
	activityParticipants,
	calendarFeeds,
	coachingCycles,
	coachingFeedback,
	deletionRecords,
	commentMentions,
	documentShares,
	documentUpdates,
	documentVersions,
	documents,
	mediaFiles,
	memberships,
	plcGroups,
	plcMembers,
	releases,
	sessions,
	users,
	workspaces
} from '../db/schema.ts';
import { newId } from '../ids.ts';
import { recordLedger, type LedgerChannel } from '../ledger/ledger.ts';
import { removeOrphanedMedia } from '../media/media-files.ts';
import { removeDocumentMedia, type MediaPaths } from '../media/media-store.ts';
import type { CollaborationControl } from '../runtime.ts';

export interface DeletionReceipt {
	id: string;
	subjectType: 'document' | 'person' | 'cycle' | 'workspace' | 'workspace_export';
	subjectId: string;
	documentsDeleted: number;
	documentsRewritten: number;
	at: string;
}

/** Why a deletion happened, beyond who asked: the retention run names the rule it followed. */
export interface ReceiptContext {
	reason?: 'request' | 'retention' | 'end_of_contract';
	retentionYears?: number;
	/** For an export: how many documents and people it held (counts only). */
	exported?: { people: number; cycles: number; documents: number; ledgerRows: number };
}

/** Deletes one document for good. The teacher deletes their cycle documents; members their group's. */
export async function deleteDocument(
	db: Db,
	collaboration: CollaborationControl,
	media: MediaPaths,
	actor: Actor,
	documentId: string,
	channel: LedgerChannel
): Promise<DeletionReceipt> {
	const facts = await loadDocumentFacts(db, documentId);
	if (!facts || !can(actor, 'read', facts.resource)) throw notFound('That document');
	const allowed = can(actor, 'delete', facts.resource);
	if (!allowed) {
		await recordLedger(db, {
			workspaceId: facts.document.workspaceId,
			actorId: actor.userId,
			documentId,
			action: 'delete',
			channel,
			decision: 'denied'
		});
		throw new AppError('forbidden', 'Only the teacher deletes their coaching documents.');
	}
	const videoFiles = await db
		.select({ id: mediaFiles.id })
		.from(mediaFiles)
		.where(eq(mediaFiles.documentId, documentId));
	const receipt = await db.transaction(async (tx) => {
		await tx.delete(documents).where(eq(documents.id, documentId));
		return writeReceipt(tx, {
			workspaceId: facts.document.workspaceId,
			requestedBy: actor.userId,
			subjectType: 'document',
			subjectId: documentId,
			documentsDeleted: 1,
			documentsRewritten: 0
		});
	});
	// After the rows are gone: a socket that reconnects now finds nothing (4403), and the browser drops its
	// offline copy when told the document is not there.
	collaboration.closeDocumentConnections(documentId, CloseCode.NotAllowed);
	// A lesson video's files go with it: the upload, the transcode, the poster and the strip.
	await removeDocumentMedia(
		media,
		documentId,
		videoFiles.map((f) => f.id)
	);
	return receipt;
}

export async function writeReceipt(
	db: Db,
	input: Omit<DeletionReceipt, 'id' | 'at'> & {
		workspaceId: string;
		/** Null when no person asked: the daily retention run. */
		requestedBy: string | null;
		context?: ReceiptContext;
	}
): Promise<DeletionReceipt> {
	const id = newId();
	const [row] = await db
		.insert(deletionRecords)
		.values({
			id,
			workspaceId: input.workspaceId,
			requestedBy: input.requestedBy,
			subjectType: input.subjectType,
			subjectId: input.subjectId,
			summary: {
				documentsDeleted: input.documentsDeleted,
				documentsRewritten: input.documentsRewritten,
				...input.context
			}
		})
		.returning();
	return {
		id,
		subjectType: input.subjectType,
		subjectId: input.subjectId,
		documentsDeleted: input.documentsDeleted,
		documentsRewritten: input.documentsRewritten,
		at: (row?.createdAt ?? new Date()).toISOString()
	};
}

/**
 * A district deletion request for one person in one workspace, run by an admin: their cycles as a teacher
 * (every document in them), the coach's sealed notes they wrote, their releases and shares, their group
 * memberships, facilitation and activity participation, the feedback about them as a coach; every other
 * document they edited keeps its present text but loses its history. Only rows of this workspace are touched:
 * a person in two schools keeps the other one whole. When they belong to no other workspace, their account is
 * emptied too.
 */
export async function deletePerson(
	db: Db,
	collaboration: CollaborationControl,
	media: MediaPaths,
	actor: Actor,
	workspaceId: string,
	rawUserId: unknown
): Promise<DeletionReceipt> {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin runs a deletion request.');
	const userId = isId(rawUserId) ? rawUserId : '';
	if (userId === actor.userId)
		throw invalid('Another admin runs a deletion request about you.', { userId: 'Not yourself.' });
	const [membership] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	if (!membership) throw notFound('That person');

	const theirCycles = await db
		.select({ id: coachingCycles.id })
		.from(coachingCycles)
		.where(and(eq(coachingCycles.workspaceId, workspaceId), eq(coachingCycles.teacherId, userId)));
	const cycleIds = theirCycles.map((c) => c.id);
	const coachedCycles = await db
		.select({ id: coachingCycles.id })
		.from(coachingCycles)
		.where(and(eq(coachingCycles.workspaceId, workspaceId), eq(coachingCycles.coachId, userId)));
	const doomed = await db
		.select({ id: documents.id })
		.from(documents)
		.where(
			and(
				eq(documents.workspaceId, workspaceId),
				or(
					cycleIds.length > 0 ? inArray(documents.cycleId, cycleIds) : sql`false`,
					coachedCycles.length > 0
						? and(
								inArray(
									documents.cycleId,
									coachedCycles.map((c) => c.id)
								),
								eq(documents.audience, 'coach')
							)
						: sql`false`
				)
			)
		);
	const doomedIds = doomed.map((d) => d.id);
	// Documents that stay but carry their edits in history.
	const edited = await db
		.selectDistinct({ id: documents.id })
		.from(documents)
		.leftJoin(documentUpdates, eq(documentUpdates.documentId, documents.id))
		.leftJoin(documentVersions, eq(documentVersions.documentId, documents.id))
		.where(
			and(
				eq(documents.workspaceId, workspaceId),
				or(
					eq(documentUpdates.userId, userId),
					eq(documentVersions.createdBy, userId),
					eq(documents.createdBy, userId),
					eq(documents.updatedBy, userId)
				)
			)
		);
	const rewriteIds = edited.map((d) => d.id).filter((id) => !doomedIds.includes(id));

	const otherWorkspaces = await db
		.select({ workspaceId: memberships.workspaceId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), sql`${memberships.workspaceId} <> ${workspaceId}`));

	const receipt = await db.transaction(async (tx) => {
		if (doomedIds.length > 0) await tx.delete(documents).where(inArray(documents.id, doomedIds));
		if (cycleIds.length > 0) await tx.delete(coachingCycles).where(inArray(coachingCycles.id, cycleIds));
		await tx
			.delete(releases)
			.where(
				and(
					eq(releases.workspaceId, workspaceId),
					or(eq(releases.teacherId, userId), eq(releases.recipientId, userId))
				)
			);
		// Everything below is scoped to this workspace: the person's rows in another school are that school's
		// business, and an admin here has no say over them.
		const here = {
			documents: tx
				.select({ id: documents.id })
				.from(documents)
				.where(eq(documents.workspaceId, workspaceId)),
			plcs: tx.select({ id: plcGroups.id }).from(plcGroups).where(eq(plcGroups.workspaceId, workspaceId)),
			activities: tx
				.select({ id: activities.id })
				.from(activities)
				.where(eq(activities.workspaceId, workspaceId))
		};
		await tx
			.delete(documentShares)
			.where(and(eq(documentShares.userId, userId), inArray(documentShares.documentId, here.documents)));
		await tx
			.delete(plcMembers)
			.where(and(eq(plcMembers.userId, userId), inArray(plcMembers.plcId, here.plcs)));
		await tx
			.delete(commentMentions)
			.where(and(eq(commentMentions.workspaceId, workspaceId), eq(commentMentions.mentionedUserId, userId)));
		await tx
			.update(commentMentions)
			.set({ authorId: null })
			.where(and(eq(commentMentions.workspaceId, workspaceId), eq(commentMentions.authorId, userId)));
		await tx
			.update(plcGroups)
			.set({ facilitatorId: null })
			.where(and(eq(plcGroups.workspaceId, workspaceId), eq(plcGroups.facilitatorId, userId)));
		await tx
			.delete(activityParticipants)
			.where(
				and(
					eq(activityParticipants.userId, userId),
					inArray(activityParticipants.activityId, here.activities)
				)
			);
		// Feedback about them as a coach here is about them.
		await tx
			.delete(coachingFeedback)
			.where(and(eq(coachingFeedback.workspaceId, workspaceId), eq(coachingFeedback.coachId, userId)));
		await tx
			.delete(memberships)
			.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
		if (otherWorkspaces.length === 0) await emptyAccount(tx, userId);
		return writeReceipt(tx, {
			workspaceId,
			requestedBy: actor.userId,
			subjectType: 'person',
			subjectId: userId,
			documentsDeleted: doomedIds.length,
			documentsRewritten: rewriteIds.length
		});
	});

	// Their sockets on this school's documents close; in another school they go on working. An emptied
	// account has no sessions or tokens left, so every socket of it closes.
	if (otherWorkspaces.length === 0) collaboration.closeUserConnections(userId, CloseCode.NotAuthenticated);
	else collaboration.closeUserWorkspaceConnections(userId, workspaceId, CloseCode.AuthorizationChanged);
	for (const id of doomedIds) collaboration.closeDocumentConnections(id, CloseCode.NotAllowed);
	for (const id of rewriteIds) {
		// Through the collaboration server, as every server-side change: on the live document, committed before
		// it resolves; a database that does not answer rejects here (503), never in a hook.
		await collaboration.replaceHistory(id);
		// Everyone reloads the rewritten document from the server.
		collaboration.closeDocumentConnections(id, CloseCode.AuthorizationChanged);
	}
	// The lesson videos among the deleted documents (their rows went by cascade) leave no files behind.
	if (doomedIds.length > 0) await removeOrphanedMedia(db, media);
	return receipt;
}

/** An account that belongs nowhere any more: signed out everywhere, its name and address gone. */
async function emptyAccount(tx: Db, userId: string): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.userId, userId));
	await tx.delete(accessTokens).where(eq(accessTokens.userId, userId));
	await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
	// The row stays for the references of others' records (cycles they coached); it names no one.
	await tx
		.update(users)
		.set({ name: 'Deleted person', email: `deleted-${userId}@deleted.invalid`, passwordHash: '!' })
		.where(eq(users.id, userId));
}

/**
 * Deletes one closed cycle whose workspace keeps cycles for `retentionYears` (issue 17 §4): the cycle and,
 * by cascade, its documents (snapshots, logs, versions, shares, derived rows, released copies), activities
 * and stage history. Nobody asked, so the receipt names the rule instead of a person.
 */
export async function deleteCycleForRetention(
	db: Db,
	collaboration: CollaborationControl,
	cycle: { id: string; workspaceId: string },
	retentionYears: number
): Promise<DeletionReceipt> {
	const doomed = await db.select({ id: documents.id }).from(documents).where(eq(documents.cycleId, cycle.id));
	const receipt = await db.transaction(async (tx) => {
		await tx.delete(coachingCycles).where(eq(coachingCycles.id, cycle.id));
		return writeReceipt(tx, {
			workspaceId: cycle.workspaceId,
			requestedBy: null,
			subjectType: 'cycle',
			subjectId: cycle.id,
			documentsDeleted: doomed.length,
			documentsRewritten: 0,
			context: { reason: 'retention', retentionYears }
		});
	});
	for (const { id } of doomed) collaboration.closeDocumentConnections(id, CloseCode.NotAllowed);
	return receipt;
}

/**
 * Deletes a whole workspace at the end of a district's contract: every cycle, document, group, activity,
 * release, invitation, roster import and membership in it (the foreign keys cascade from the workspace row).
 * People who belong to no other workspace have their accounts emptied, as a deletion request does. The
 * ledger's rows stay (they hold ids, never content, and refuse deletion); the receipt stays too, so the
 * district can be shown what was deleted and when.
 */
export async function deleteWorkspace(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	workspaceId: string
): Promise<DeletionReceipt> {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin deletes a workspace.');
	const doomed = await db
		.select({ id: documents.id })
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId));
	const people = await db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(eq(memberships.workspaceId, workspaceId));
	const elsewhere = new Set(
		(
			await db
				.select({ userId: memberships.userId })
				.from(memberships)
				.where(
					and(
						inArray(
							memberships.userId,
							people.map((p) => p.userId)
						),
						sql`${memberships.workspaceId} <> ${workspaceId}`
					)
				)
		).map((r) => r.userId)
	);
	const emptied = people.map((p) => p.userId).filter((id) => !elsewhere.has(id));
	const receipt = await db.transaction(async (tx) => {
		await tx.delete(workspaces).where(eq(workspaces.id, workspaceId));
		for (const userId of emptied) await emptyAccount(tx, userId);
		return writeReceipt(tx, {
			workspaceId,
			requestedBy: actor.userId,
			subjectType: 'workspace',
			subjectId: workspaceId,
			documentsDeleted: doomed.length,
			documentsRewritten: 0,
			context: { reason: 'end_of_contract' }
		});
	});
	for (const userId of emptied) collaboration.closeUserConnections(userId, CloseCode.NotAuthenticated);
	for (const { id } of doomed) collaboration.closeDocumentConnections(id, CloseCode.NotAllowed);
	return receipt;
}

/** The workspace's deletion receipts, newest first, for its admins (they outlive the workspace). */
export async function listDeletionReceipts(db: Db, actor: Actor, workspaceId: string, limit = 50) {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin reads the deletion receipts.');
	const rows = await db
		.select()
		.from(deletionRecords)
		.where(eq(deletionRecords.workspaceId, workspaceId))
		.orderBy(desc(deletionRecords.createdAt))
		.limit(limit);
	return rows.map((row) => {
		const summary = row.summary as {
			documentsDeleted?: number;
			documentsRewritten?: number;
		} & ReceiptContext;
		return {
			id: row.id,
			subjectType: row.subjectType as DeletionReceipt['subjectType'],
			subjectId: row.subjectId,
			requestedBy: row.requestedBy,
			documentsDeleted: summary.documentsDeleted ?? 0,
			documentsRewritten: summary.documentsRewritten ?? 0,
			reason: summary.reason ?? 'request',
			retentionYears: summary.retentionYears ?? null,
			exported: summary.exported ?? null,
			at: row.createdAt.toISOString()
		};
	});
}

/** Which of these documents this person may still open: the others' offline copies should go. */
export async function stillReadable(db: Db, actor: Actor, documentIds: string[]): Promise<Set<string>> {
	const readable = new Set<string>();
	for (const id of documentIds.slice(0, 500)) {
		const facts = await loadDocumentFacts(db, id);
		if (facts && can(actor, 'read', facts.resource)) readable.add(id);
	}
	return readable;
}
