// Coaching cycles: one coach and one teacher around one goal (design §2). Metadata only; content lives in
// the cycle's documents.
import { and, asc, eq, or } from 'drizzle-orm';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { normalizeRoles } from '../../domain/roles.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, documents, memberships } from '../db/schema.ts';
import { newId } from '../ids.ts';

export type CycleRow = typeof coachingCycles.$inferSelect;

export interface CycleJson {
	id: string;
	workspaceId: string;
	coachId: string;
	teacherId: string;
	title: string;
	focus: string;
	stage: string;
	documentCount: number;
	documents: { id: string; kind: string; title: string }[];
}

export function cycleResource(cycle: CycleRow) {
	return {
		type: 'cycle',
		workspaceId: cycle.workspaceId,
		coachId: cycle.coachId,
		teacherId: cycle.teacherId
	} as const;
}

async function activeRoles(db: Db, workspaceId: string, userId: string) {
	const [membership] = await db
		.select()
		.from(memberships)
		.where(
			and(
				eq(memberships.workspaceId, workspaceId),
				eq(memberships.userId, userId),
				eq(memberships.active, true)
			)
		);
	return membership ? normalizeRoles(membership.roles) : null;
}

/** A coach starts a cycle with a teacher, or a teacher asks a coach for one. */
export async function startCycle(
	db: Db,
	actor: Actor,
	input: { workspaceId: string; teacherId?: unknown; coachId?: unknown; title: unknown; focus?: unknown }
): Promise<CycleRow> {
	const roles = actor.memberships.get(input.workspaceId)?.roles ?? [];
	const asCoach = roles.includes('coach');
	const coachId = asCoach ? actor.userId : String(input.coachId ?? '');
	const teacherId = asCoach ? String(input.teacherId ?? '') : actor.userId;
	if (coachId === teacherId)
		throw invalid('A cycle pairs a coach with a different teacher.', { teacherId: 'Choose a teacher.' });
	const teacherRoles = await activeRoles(db, input.workspaceId, teacherId);
	if (!teacherRoles?.includes('teacher'))
		throw invalid('Choose a teacher of this workspace.', { teacherId: 'Not a teacher here.' });
	const coachRoles = await activeRoles(db, input.workspaceId, coachId);
	if (!coachRoles?.includes('coach'))
		throw invalid('Choose a coach of this workspace.', { coachId: 'Not a coach here.' });
	const title = typeof input.title === 'string' ? input.title.trim() : '';
	if (!title || title.length > 200)
		throw invalid('A cycle title has 1 to 200 characters.', { title: 'Required.' });
	const focus = typeof input.focus === 'string' ? input.focus.trim().slice(0, 500) : '';
	const [row] = await db
		.insert(coachingCycles)
		.values({ id: newId(), workspaceId: input.workspaceId, coachId, teacherId, title, focus })
		.returning();
	return row as CycleRow;
}

export async function findCycle(db: Db, cycleId: string): Promise<CycleRow | null> {
	const [row] = await db.select().from(coachingCycles).where(eq(coachingCycles.id, cycleId));
	return row ?? null;
}

/** A cycle as this actor may see it: participants see its documents, admins only that they exist. */
export async function cycleJson(db: Db, actor: Actor, cycle: CycleRow): Promise<CycleJson> {
	const docs = await db
		.select({ id: documents.id, kind: documents.kind, title: documents.title })
		.from(documents)
		.where(eq(documents.cycleId, cycle.id))
		.orderBy(asc(documents.createdAt));
	const participant = can(actor, 'update', cycleResource(cycle));
	return {
		id: cycle.id,
		workspaceId: cycle.workspaceId,
		coachId: cycle.coachId,
		teacherId: cycle.teacherId,
		title: cycle.title,
		focus: cycle.focus,
		stage: cycle.stage,
		documentCount: docs.length,
		documents: participant ? docs : []
	};
}

export async function listVisibleCycles(db: Db, actor: Actor, workspaceId: string): Promise<CycleRow[]> {
	const admin = can(actor, 'view_cycle_metadata', { type: 'workspace', workspaceId });
	return db
		.select()
		.from(coachingCycles)
		.where(
			admin
				? eq(coachingCycles.workspaceId, workspaceId)
				: and(
						eq(coachingCycles.workspaceId, workspaceId),
						or(eq(coachingCycles.coachId, actor.userId), eq(coachingCycles.teacherId, actor.userId))
					)
		)
		.orderBy(asc(coachingCycles.createdAt));
}

export async function requireCycle(db: Db, actor: Actor, cycleId: string): Promise<CycleRow> {
	const cycle = await findCycle(db, cycleId);
	if (!cycle || !can(actor, 'view', cycleResource(cycle))) throw notFound('That cycle');
	return cycle;
}

export function assertParticipant(actor: Actor, cycle: CycleRow): void {
	if (!can(actor, 'create_document', cycleResource(cycle))) {
		throw new AppError('forbidden', 'Only the cycle’s coach and teacher work in its documents.');
	}
}
