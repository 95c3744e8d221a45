// Loads the facts `can()` decides on: who the actor is, and what a resource belongs to.
import { eq, and } from 'drizzle-orm';
import type { Actor, DocumentOwner, Resource } from '../domain/permissions.ts';
import { normalizeRoles } from '../domain/roles.ts';
import { isId } from '../domain/validation/ids.ts';
import type { Db } from './db/client.ts';
import { coachingCycles, documentShares, documents, memberships, plcMembers } from './db/schema.ts';

export async function loadActor(db: Db, userId: string): Promise<Actor> {
	const rows = await db
		.select({ workspaceId: memberships.workspaceId, roles: memberships.roles, active: memberships.active })
		.from(memberships)
		.where(eq(memberships.userId, userId));
	return {
		userId,
		memberships: new Map(
			rows.map((r) => [r.workspaceId, { roles: normalizeRoles(r.roles), active: r.active }])
		)
	};
}

export type DocumentResource = Extract<Resource, { type: 'document' }>;

export interface DocumentFacts {
	resource: DocumentResource;
	document: typeof documents.$inferSelect;
}

export async function loadDocumentFacts(db: Db, documentId: string): Promise<DocumentFacts | null> {
	// A malformed id is a missing document, and never reaches the database.
	if (!isId(documentId)) return null;
	const [document] = await db.select().from(documents).where(eq(documents.id, documentId));
	// Independent reads, in flight together: a socket's join waits for the slower one, not for both. A
	// missing document makes the same second round trip: otherwise a refusal (404) of an existing document
	// takes measurably longer than a missing one, and the time tells which ids exist.
	const [shares, owner] = await Promise.all([
		db
			.select({ userId: documentShares.userId, access: documentShares.access })
			.from(documentShares)
			.where(eq(documentShares.documentId, documentId)),
		document ? loadOwner(db, document) : noOwner(db)
	]);
	if (!document || !owner) return null;
	return {
		document,
		resource: {
			type: 'document',
			workspaceId: document.workspaceId,
			owner,
			shares: shares.map((s) => ({ userId: s.userId, access: s.access === 'comment' ? 'comment' : 'read' }))
		}
	};
}

/** The cycle look-up loadOwner makes for most refusals, for an id that matches nothing. */
async function noOwner(db: Db): Promise<null> {
	await db.select({ coachId: coachingCycles.coachId }).from(coachingCycles).where(eq(coachingCycles.id, ''));
	return null;
}

async function loadOwner(db: Db, document: typeof documents.$inferSelect): Promise<DocumentOwner | null> {
	if (document.cycleId) {
		const [cycle] = await db
			.select({ coachId: coachingCycles.coachId, teacherId: coachingCycles.teacherId })
			.from(coachingCycles)
			.where(
				and(eq(coachingCycles.id, document.cycleId), eq(coachingCycles.workspaceId, document.workspaceId))
			);
		return cycle ? cycleOwner(document, cycle) : null;
	}
	if (document.plcId) {
		const members = await db
			.select({ userId: plcMembers.userId, addedBy: plcMembers.addedBy })
			.from(plcMembers)
			.where(eq(plcMembers.plcId, document.plcId));
		return plcOwner(document.plcId, members);
	}
	return { kind: 'workspace' };
}

/** The audience of a PLC document: the group's members; those who added themselves are named apart. */
export function plcOwner(
	plcId: string,
	members: readonly { userId: string; addedBy: string | null }[]
): DocumentOwner {
	return {
		kind: 'plc',
		plcId,
		memberIds: members.map((m) => m.userId),
		selfAddedIds: members.filter((m) => m.addedBy === m.userId).map((m) => m.userId)
	};
}

/** The audience of a cycle document: its cycle's pair, less the teacher while the coach's notes are sealed. */
export function cycleOwner(
	document: Pick<typeof documents.$inferSelect, 'audience' | 'revealedAt'>,
	cycle: { coachId: string; teacherId: string }
): DocumentOwner {
	return {
		kind: 'cycle',
		coachId: cycle.coachId,
		teacherId: cycle.teacherId,
		sealedFromTeacher: document.audience === 'coach' && document.revealedAt === null
	};
}
