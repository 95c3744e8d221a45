// Sharing a cycle document: the teacher, and only the teacher, decides who else reads it.
import { and, eq } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { invalid } from '../../domain/errors.ts';
import type { ShareAccess } from '../../domain/permissions.ts';
import { shareAccess } from '../../domain/validation/documents.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { loadDocumentFacts } from '../access.ts';
import type { Db } from '../db/client.ts';
import { documentShares, memberships, users } from '../db/schema.ts';
import { recordLedger, type LedgerChannel } from '../ledger/ledger.ts';
import type { CollaborationControl } from '../runtime.ts';

export function parseAccess(raw: unknown): ShareAccess {
	return parseField('access', shareAccess, raw);
}

/**
 * Shares a document with one member, or changes their access. A changed access (comment → read) takes
 * effect on their open editor now, not at its next reconnect: their socket on it closes (4205).
 */
export async function shareDocument(
	db: Db,
	collaboration: CollaborationControl,
	input: {
		documentId: string;
		workspaceId: string;
		userId: unknown;
		access: ShareAccess;
		sharedBy: string;
		channel?: LedgerChannel;
	}
): Promise<void> {
	const userId = isId(input.userId) ? input.userId : '';
	const [member] = userId
		? await db
				.select({ userId: memberships.userId })
				.from(memberships)
				.where(
					and(
						eq(memberships.workspaceId, input.workspaceId),
						eq(memberships.userId, userId),
						eq(memberships.active, true)
					)
				)
		: [];
	if (!member)
		throw invalid('Share with an active member of this workspace.', { userId: 'Not a member here.' });
	const facts = await loadDocumentFacts(db, input.documentId);
	const owner = facts?.resource.owner;
	if (owner?.kind === 'cycle' && (userId === owner.teacherId || userId === owner.coachId))
		throw invalid('The teacher and the coach can read it already.', { userId: 'Choose someone else.' });
	await db.transaction(async (tx) => {
		await tx
			.insert(documentShares)
			.values({ documentId: input.documentId, userId, access: input.access })
			.onConflictDoUpdate({
				target: [documentShares.documentId, documentShares.userId],
				set: { access: input.access }
			});
		await recordLedger(tx, {
			workspaceId: input.workspaceId,
			actorId: input.sharedBy,
			documentId: input.documentId,
			action: 'share',
			channel: input.channel ?? 'api',
			decision: 'allowed',
			detail: { userId, access: input.access }
		});
	});
	collaboration.closeUserConnections(userId, CloseCode.AuthorizationChanged, input.documentId);
}

/** Ends a share; the person's open editor on this document closes at once (4205). */
export async function unshareDocument(
	db: Db,
	collaboration: CollaborationControl,
	input: {
		documentId: string;
		workspaceId: string;
		userId: string;
		revokedBy: string;
		channel?: LedgerChannel;
	}
): Promise<boolean> {
	// Nobody with a malformed id was ever shared with.
	if (!isId(input.userId)) return false;
	const revoked = await db.transaction(async (tx) => {
		const removed = await tx
			.delete(documentShares)
			.where(and(eq(documentShares.documentId, input.documentId), eq(documentShares.userId, input.userId)))
			.returning({ userId: documentShares.userId });
		if (removed.length === 0) return false;
		await recordLedger(tx, {
			workspaceId: input.workspaceId,
			actorId: input.revokedBy,
			documentId: input.documentId,
			action: 'share_revoke',
			channel: input.channel ?? 'api',
			decision: 'allowed',
			detail: { userId: input.userId }
		});
		return true;
	});
	if (revoked)
		collaboration.closeUserConnections(input.userId, CloseCode.AuthorizationChanged, input.documentId);
	return revoked;
}

export async function listShares(db: Db, documentId: string) {
	return db
		.select({
			userId: documentShares.userId,
			name: users.name,
			email: users.email,
			access: documentShares.access
		})
		.from(documentShares)
		.innerJoin(users, eq(users.id, documentShares.userId))
		.where(eq(documentShares.documentId, documentId));
}
