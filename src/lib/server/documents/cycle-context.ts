// What a cycle document's page shows around the text: the cycle, the people who can own action steps,
// and, for a debrief, the state of the coach's sealed notes (the staged reveal).
import { eq } from 'drizzle-orm';
import type { Actor } from '../../domain/permissions.ts';
import { can } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, documents, users } from '../db/schema.ts';
import { cycleOwner } from '../access.ts';

export interface CycleDocumentContext {
	id: string;
	/** The cycle's title, for those who may see the cycle; a reader the teacher shared one document with is not one. */
	title: string | null;
	coach: { id: string; name: string };
	teacher: { id: string; name: string };
	/** This document is the coach's debrief notes: sealed (the teacher has not opened them) or opened. */
	coachNotes: { sealed: boolean } | null;
	/** The coach's notes that accompany this debrief, as this viewer may see them. */
	companion: { id: string; sealed: boolean; canOpen: boolean; canRead: boolean } | null;
}

type DocumentRow = typeof documents.$inferSelect;

export async function cycleContextFor(
	db: Db,
	actor: Actor,
	document: DocumentRow
): Promise<CycleDocumentContext | null> {
	if (!document.cycleId) return null;
	const [cycle] = await db.select().from(coachingCycles).where(eq(coachingCycles.id, document.cycleId));
	if (!cycle) return null;
	const [coach, teacher] = await Promise.all(
		[cycle.coachId, cycle.teacherId].map(async (id) => {
			const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id));
			return row ?? { id, name: 'Former member' };
		})
	);
	const [companionRow] = await db.select().from(documents).where(eq(documents.companionOf, document.id));
	let companion: CycleDocumentContext['companion'] = null;
	if (companionRow) {
		const resource = {
			type: 'document',
			workspaceId: companionRow.workspaceId,
			owner: cycleOwner(companionRow, cycle),
			shares: []
		} as const;
		companion = {
			id: companionRow.id,
			sealed: companionRow.revealedAt === null,
			canOpen: can(actor, 'reveal', resource),
			canRead: can(actor, 'read', resource)
		};
	}
	const cycleResource = {
		type: 'cycle',
		workspaceId: cycle.workspaceId,
		coachId: cycle.coachId,
		teacherId: cycle.teacherId
	} as const;
	return {
		id: cycle.id,
		title: can(actor, 'view', cycleResource) ? cycle.title : null,
		coach: coach as { id: string; name: string },
		teacher: teacher as { id: string; name: string },
		coachNotes: document.audience === 'coach' ? { sealed: document.revealedAt === null } : null,
		companion
	};
}
