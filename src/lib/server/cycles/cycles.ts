// Coaching cycles: one coach and one teacher around one goal (docs/design.md §2). Metadata only; content lives in
// the cycle's documents.
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import {
	isCycleStage,
	planStageChange,
	type CycleStage,
	type CycleStatus
} from '../../domain/cycle-stages.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import {
	present,
	shapeClasses,
	type FieldClass,
	type Presented
} from '../../domain/content-classification.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { normalizeRoles } from '../../domain/roles.ts';
import {
	cycleClosing,
	cycleDates,
	cycleDetailsPatch,
	cycleFilters,
	newCycle,
	stageChange
} from '../../domain/validation/cycles.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { cycleOwner } from '../access.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, cycleStageEvents, documents, memberships, users } from '../db/schema.ts';
import { createDocument } from '../documents/documents.ts';
import { newId } from '../ids.ts';

export type CycleRow = typeof coachingCycles.$inferSelect;

export interface PersonRef {
	id: string;
	name: string;
}

/** The public JSON of a cycle (docs/design.md §6), extended, as its pair sees it. */
export interface FullCycleJson {
	id: string;
	workspaceId: string;
	coachId: string;
	teacherId: string;
	coach: PersonRef;
	teacher: PersonRef;
	title: string;
	focus: string;
	stage: string;
	status: string;
	startDate: string | null;
	targetDate: string | null;
	outcome: string | null;
	closedAt: string | null;
	archived: boolean;
	createdAt: string;
	documentCount: number;
	documents: { id: string; kind: string; title: string; template: string | null }[];
}
shapeClasses.cycle satisfies Record<keyof FullCycleJson, FieldClass>;

/** A cycle as its reader may see it: admins get its metadata, without title, focus or documents. */
export type CycleJson = Presented<FullCycleJson, 'cycle'>;

interface FullStageEventJson {
	id: string;
	fromStage: string | null;
	toStage: string;
	actor: PersonRef | null;
	note: string;
	at: string;
}
shapeClasses.stageEvent satisfies Record<keyof FullStageEventJson, FieldClass>;

/** A move between stages; its note (why) is the pair's, the move itself is metadata. */
export type StageEventJson = Presented<FullStageEventJson, 'stageEvent'>;

/** Whether this actor reads what the pair wrote in the cycle (title, focus, notes, activities' words). */
export function readsCycleContent(
	actor: Actor,
	cycle: Pick<CycleRow, 'workspaceId' | 'coachId' | 'teacherId'>
) {
	return can(actor, 'read_content', cycleResource(cycle));
}

export function cycleResource(cycle: Pick<CycleRow, 'workspaceId' | 'coachId' | 'teacherId'>) {
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

/**
 * A coach starts a cycle with a teacher; a teacher asks a coach for one, and the cycle waits for the
 * coach to accept. Either way the cycle starts in Identify with its goal document ready.
 */
export async function startCycle(
	db: Db,
	actor: Actor,
	input: {
		workspaceId: string;
		teacherId?: unknown;
		coachId?: unknown;
		title: unknown;
		focus?: unknown;
		startDate?: unknown;
		targetDate?: unknown;
	}
): Promise<CycleRow> {
	const roles = actor.memberships.get(input.workspaceId)?.roles ?? [];
	// A coach who is also a teacher names the other side; asking for coaching names a coach.
	const asCoach = roles.includes('coach') && input.coachId === undefined;
	const { title, focus, startDate, targetDate, ...named } = parseInput(
		newCycle,
		asCoach ? { ...input, coachId: undefined } : { ...input, teacherId: undefined }
	);
	const coachId = asCoach ? actor.userId : (named.coachId ?? '');
	const teacherId = asCoach ? (named.teacherId ?? '') : actor.userId;
	if (coachId === teacherId)
		throw invalid('A cycle pairs a coach with a different teacher.', { teacherId: 'Choose a teacher.' });
	const teacherRoles = await activeRoles(db, input.workspaceId, teacherId);
	if (!teacherRoles?.includes('teacher'))
		throw invalid('Choose a teacher of this workspace.', { teacherId: 'Not a teacher here.' });
	const coachRoles = await activeRoles(db, input.workspaceId, coachId);
	if (!coachRoles?.includes('coach'))
		throw invalid('Choose a coach of this workspace.', { coachId: 'Not a coach here.' });
	const status: CycleStatus = asCoach ? 'active' : 'requested';

	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(coachingCycles)
			.values({
				id: newId(),
				workspaceId: input.workspaceId,
				coachId,
				teacherId,
				title,
				focus,
				startDate,
				targetDate,
				status,
				requestedBy: actor.userId
			})
			.returning();
		const cycle = row as CycleRow;
		await tx.insert(cycleStageEvents).values({
			id: newId(),
			cycleId: cycle.id,
			fromStage: null,
			toStage: 'identify',
			actorId: actor.userId,
			note: asCoach ? 'Cycle started.' : 'Coaching requested.'
		});
		await createDocument(tx, {
			workspaceId: cycle.workspaceId,
			cycleId: cycle.id,
			kind: 'goal',
			title: `Goal: ${title}`.slice(0, 200),
			createdBy: actor.userId
		});
		return cycle;
	});
}

export async function findCycle(db: Db, cycleId: string): Promise<CycleRow | null> {
	const [row] = await db.select().from(coachingCycles).where(eq(coachingCycles.id, cycleId));
	return row ?? null;
}

async function people(db: Db, ids: string[]): Promise<Map<string, PersonRef>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, unique));
	return new Map(rows.map((r) => [r.id, r]));
}

/** A cycle as this actor may see it: participants see its documents, admins only that they exist. */
export async function cycleJson(db: Db, actor: Actor, cycle: CycleRow): Promise<CycleJson> {
	const [json] = await cyclesJson(db, actor, [cycle]);
	return json as CycleJson;
}

export async function cyclesJson(db: Db, actor: Actor, cycles: CycleRow[]): Promise<CycleJson[]> {
	if (cycles.length === 0) return [];
	const docs = await db
		.select()
		.from(documents)
		.where(
			and(
				inArray(
					documents.cycleId,
					cycles.map((c) => c.id)
				),
				isNull(documents.archivedAt)
			)
		)
		.orderBy(asc(documents.createdAt));
	const names = await people(
		db,
		cycles.flatMap((c) => [c.coachId, c.teacherId])
	);
	return cycles.map((cycle) => {
		const own = docs.filter((d) => d.cycleId === cycle.id);
		const readsContent = readsCycleContent(actor, cycle);
		// Each document is decided on its own: the coach's sealed notes are not the teacher's to list.
		const visible = own.filter((d) =>
			can(actor, 'read', {
				type: 'document',
				workspaceId: cycle.workspaceId,
				owner: cycleOwner(d, cycle),
				shares: []
			})
		);
		// The coach's sealed notes are the coach's: counted for nobody else, not even as a number.
		const counted = own.filter(
			(d) => actor.userId === cycle.coachId || !(d.audience === 'coach' && d.revealedAt === null)
		);
		const full: FullCycleJson = {
			id: cycle.id,
			workspaceId: cycle.workspaceId,
			coachId: cycle.coachId,
			teacherId: cycle.teacherId,
			coach: names.get(cycle.coachId) ?? { id: cycle.coachId, name: 'Former member' },
			teacher: names.get(cycle.teacherId) ?? { id: cycle.teacherId, name: 'Former member' },
			title: cycle.title,
			focus: cycle.focus,
			stage: cycle.stage,
			status: cycle.status,
			startDate: cycle.startDate,
			targetDate: cycle.targetDate,
			outcome: cycle.outcome,
			closedAt: cycle.closedAt?.toISOString() ?? null,
			archived: cycle.archivedAt !== null,
			createdAt: cycle.createdAt.toISOString(),
			documentCount: readsContent ? visible.length : counted.length,
			documents: visible.map((d) => ({ id: d.id, kind: d.kind, title: d.title, template: d.template }))
		};
		return present('cycle', full, readsContent);
	});
}

export interface CycleFilters {
	stage?: CycleStage;
	status?: CycleStatus;
	teacherId?: string;
	coachId?: string;
	archived?: boolean;
	search?: string;
}

/** The list's filters from a query string; a malformed one is a 400 naming it, never a query. */
export function parseCycleFilters(params: URLSearchParams): CycleFilters {
	const { stage, status, teacherId, coachId, archived, q } = parseInput(cycleFilters, {
		stage: params.get('stage'),
		status: params.get('status'),
		teacherId: params.get('teacherId'),
		coachId: params.get('coachId'),
		archived: params.get('archived'),
		q: params.get('q')
	});
	return {
		...(stage ? { stage } : {}),
		...(status ? { status } : {}),
		...(teacherId ? { teacherId } : {}),
		...(coachId ? { coachId } : {}),
		archived,
		...(q ? { search: q } : {})
	};
}

/** The cycles this actor sees: their own, or, for an admin, every cycle of the workspace (metadata). */
export async function listVisibleCycles(
	db: Db,
	actor: Actor,
	workspaceId: string,
	filters: CycleFilters = {}
): Promise<CycleRow[]> {
	const admin = can(actor, 'view_cycle_metadata', { type: 'workspace', workspaceId });
	const conditions: (SQL | undefined)[] = [
		eq(coachingCycles.workspaceId, workspaceId),
		admin
			? undefined
			: or(eq(coachingCycles.coachId, actor.userId), eq(coachingCycles.teacherId, actor.userId)),
		filters.stage ? eq(coachingCycles.stage, filters.stage) : undefined,
		filters.status ? eq(coachingCycles.status, filters.status) : undefined,
		filters.teacherId ? eq(coachingCycles.teacherId, filters.teacherId) : undefined,
		filters.coachId ? eq(coachingCycles.coachId, filters.coachId) : undefined,
		filters.archived ? isNotNull(coachingCycles.archivedAt) : isNull(coachingCycles.archivedAt),
		filters.search ? searchCondition(db, actor.userId, filters.search) : undefined
	];
	const rows = await db
		.select()
		.from(coachingCycles)
		.where(and(...conditions))
		.orderBy(desc(coachingCycles.updatedAt));
	// A coach who lost the coach role is still named on their old cycles; they no longer see them.
	return rows.filter((cycle) => can(actor, 'view', cycleResource(cycle)));
}

/**
 * Searching is reading: the words the pair wrote match only for the pair; anyone else (an admin) finds
 * cycles by the names of their coach and teacher, which are metadata.
 */
function searchCondition(db: Db, userId: string, search: string): SQL | undefined {
	const pattern = `%${escapeLike(search)}%`;
	const named = db.select({ id: users.id }).from(users).where(ilike(users.name, pattern));
	return or(
		and(
			or(eq(coachingCycles.coachId, userId), eq(coachingCycles.teacherId, userId)),
			or(ilike(coachingCycles.title, pattern), ilike(coachingCycles.focus, pattern))
		),
		inArray(coachingCycles.coachId, named),
		inArray(coachingCycles.teacherId, named)
	);
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function requireCycle(db: Db, actor: Actor, cycleId: string): Promise<CycleRow> {
	const cycle = isId(cycleId) ? await findCycle(db, cycleId) : undefined;
	if (!cycle || !can(actor, 'view', cycleResource(cycle))) throw notFound('That cycle');
	return cycle;
}

export function assertParticipant(actor: Actor, cycle: CycleRow): void {
	if (!can(actor, 'create_document', cycleResource(cycle))) {
		throw new AppError('forbidden', 'Only the cycle’s coach and teacher work in its documents.');
	}
}

export async function stageHistory(db: Db, actor: Actor, cycle: CycleRow): Promise<StageEventJson[]> {
	const cycleId = cycle.id;
	const readsContent = readsCycleContent(actor, cycle);
	const rows = await db
		.select({ event: cycleStageEvents, actorName: users.name })
		.from(cycleStageEvents)
		.leftJoin(users, eq(users.id, cycleStageEvents.actorId))
		.where(eq(cycleStageEvents.cycleId, cycleId))
		.orderBy(asc(cycleStageEvents.at), asc(cycleStageEvents.id));
	return rows.map(({ event, actorName }) =>
		present(
			'stageEvent',
			{
				id: event.id,
				fromStage: event.fromStage,
				toStage: event.toStage,
				actor: event.actorId ? { id: event.actorId, name: actorName ?? 'Former member' } : null,
				note: event.note,
				at: event.at.toISOString()
			},
			readsContent
		)
	);
}

/** Moves a cycle one stage forward or back, with a note for the history. */
export async function changeStage(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	input: { stage?: unknown; note?: unknown }
): Promise<CycleRow> {
	assertParticipant(actor, cycle);
	if (cycle.status === 'requested')
		throw new AppError('conflict', 'The coach accepts the request before the cycle moves on.');
	const { stage, note } = parseInput(stageChange, input);
	const from = isCycleStage(cycle.stage) ? cycle.stage : 'identify';
	const move = planStageChange(from, stage, {});
	const reopening = from === 'complete' && move === 'back';
	return recordStage(db, actor, cycle, stage, note, {
		...(reopening ? { status: 'active', closedAt: null, outcome: null } : {})
	});
}

async function recordStage(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	to: CycleStage,
	note: string,
	extra: Partial<typeof coachingCycles.$inferInsert>
): Promise<CycleRow> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(coachingCycles)
			.set({ stage: to, updatedAt: new Date(), ...extra })
			// Guarded by the stage read: two people moving the cycle at once cannot both win.
			.where(and(eq(coachingCycles.id, cycle.id), eq(coachingCycles.stage, cycle.stage)))
			.returning();
		if (!row)
			throw new AppError('conflict', 'Someone else moved this cycle just now. Reload to see where it is.');
		await tx.insert(cycleStageEvents).values({
			id: newId(),
			cycleId: cycle.id,
			fromStage: cycle.stage,
			toStage: to,
			actorId: actor.userId,
			note
		});
		return row as CycleRow;
	});
}

/** The coach answers a teacher's request for coaching. */
export async function respondToRequest(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	accept: boolean
): Promise<CycleRow> {
	if (!can(actor, 'answer_request', cycleResource(cycle)))
		throw new AppError('forbidden', 'Only the coach the teacher asked can answer this request.');
	if (cycle.status !== 'requested') throw new AppError('conflict', 'This request has already been answered.');
	const [row] = await db
		.update(coachingCycles)
		.set(
			accept
				? { status: 'active', updatedAt: new Date() }
				: { status: 'declined', archivedAt: new Date(), updatedAt: new Date() }
		)
		.where(eq(coachingCycles.id, cycle.id))
		.returning();
	return row as CycleRow;
}

export async function updateCycleDetails(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	input: { title?: unknown; focus?: unknown; startDate?: unknown; targetDate?: unknown; archived?: unknown }
): Promise<CycleRow> {
	if (!can(actor, 'update', cycleResource(cycle)))
		throw new AppError('forbidden', 'Only the cycle’s coach and teacher change it.');
	const patch = parseInput(cycleDetailsPatch, input);
	const dates = parseInput(cycleDates, {
		startDate: patch.startDate === undefined ? cycle.startDate : patch.startDate,
		targetDate: patch.targetDate === undefined ? cycle.targetDate : patch.targetDate
	});
	const [row] = await db
		.update(coachingCycles)
		.set({
			...(patch.title !== undefined ? { title: patch.title } : {}),
			...(patch.focus !== undefined ? { focus: patch.focus } : {}),
			...dates,
			...(patch.archived !== undefined ? { archivedAt: patch.archived ? new Date() : null } : {}),
			updatedAt: new Date()
		})
		.where(eq(coachingCycles.id, cycle.id))
		.returning();
	return row as CycleRow;
}

/** Closes a cycle with its outcome. The final measurement goes into the goal document (see the route). */
/** Throws unless this actor may close this cycle with this outcome; returns the outcome. */
export function assertClosable(actor: Actor, cycle: CycleRow, input: { outcome?: unknown; note?: unknown }) {
	assertParticipant(actor, cycle);
	if (cycle.status !== 'active') throw new AppError('conflict', 'Only an active cycle can be closed.');
	const closing = parseInput(cycleClosing, input);
	const from = isCycleStage(cycle.stage) ? cycle.stage : 'identify';
	planStageChange(from, 'complete', { closing: true });
	return closing;
}

export async function closeCycle(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	input: { outcome?: unknown; note?: unknown }
): Promise<CycleRow> {
	const { outcome, note } = assertClosable(actor, cycle, input);
	return recordStage(db, actor, cycle, 'complete', note, {
		status: 'closed',
		outcome,
		closedAt: new Date()
	});
}

/** The cycle's goal document: the first goal written for it. */
export async function goalDocumentOf(db: Db, cycleId: string) {
	const [goal] = await db
		.select()
		.from(documents)
		.where(and(eq(documents.cycleId, cycleId), eq(documents.kind, 'goal'), isNull(documents.archivedAt)))
		.orderBy(asc(documents.createdAt))
		.limit(1);
	return goal ?? null;
}

/** Which of these cycles the actor may open, in one query (calendars list activities of many cycles). */
export async function viewableCycleIds(
	db: Db,
	actor: Actor,
	cycleIds: Iterable<string>
): Promise<Set<string>> {
	const ids = [...new Set(cycleIds)];
	if (ids.length === 0) return new Set();
	const rows = await db.select().from(coachingCycles).where(inArray(coachingCycles.id, ids));
	return new Set(rows.filter((cycle) => can(actor, 'view', cycleResource(cycle))).map((cycle) => cycle.id));
}
