// The three dashboards (issue #4): the coach's caseload and week, the teacher's own cycle, and the
// admin's metadata-only view. Each reads only what its viewer may see; none opens a Y.Doc.
import { and, asc, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import {
	activityTypeLabels,
	dateKeyInZone,
	weekRange,
	ACTIVITY_TYPES,
	type ActivityType
} from '../../domain/activities.ts';
import { aggregateCoachingLog, type CoachingLog, type LoggedActivity } from '../../domain/coaching-log.ts';
import { CYCLE_STAGES } from '../../domain/cycle-stages.ts';
import type { Measurement } from '../../domain/goal-document.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import { activities, coachingCycles, documents, goalProgress, users } from '../db/schema.ts';
import { activitiesJson, listActivitiesFor, type PresentedActivity } from '../cycles/activities.ts';
import { cyclesJson, type CycleJson } from '../cycles/cycles.ts';
import { feedbackSummaryFor } from '../cycles/feedback.ts';
import { listActionSteps, type ActionStepJson } from './action-steps.ts';

export interface DashboardClock {
	now: Date;
	timeZone: string;
}

function today(clock: DashboardClock): string {
	return dateKeyInZone(clock.now, clock.timeZone);
}

export interface CaseloadEntry {
	cycle: CycleJson;
	lastContact: string | null;
	nextActivity: { id: string; title: string; typeLabel: string; startsAt: string } | null;
}

async function openCycles(db: Db, workspaceId: string, role: 'coachId' | 'teacherId', userId: string) {
	return db
		.select()
		.from(coachingCycles)
		.where(
			and(
				eq(coachingCycles.workspaceId, workspaceId),
				eq(coachingCycles[role], userId),
				isNull(coachingCycles.archivedAt),
				inArray(coachingCycles.status, ['requested', 'active'])
			)
		)
		.orderBy(desc(coachingCycles.updatedAt));
}

/** Past, kept activities of these cycles, as the coaching log counts them. */
async function loggedActivities(db: Db, cycleIds: string[], until: Date): Promise<LoggedActivity[]> {
	if (cycleIds.length === 0) return [];
	const rows = await db
		.select({ activity: activities, teacherId: coachingCycles.teacherId, teacherName: users.name })
		.from(activities)
		.innerJoin(coachingCycles, eq(coachingCycles.id, activities.cycleId))
		.innerJoin(users, eq(users.id, coachingCycles.teacherId))
		.where(
			and(
				inArray(activities.cycleId, cycleIds),
				isNull(activities.cancelledAt),
				lt(activities.startsAt, until)
			)
		)
		.orderBy(asc(activities.startsAt));
	return rows.map(({ activity, teacherId, teacherName }) => ({
		id: activity.id,
		type: activity.type as ActivityType,
		teacherId,
		teacherName,
		startsAt: activity.startsAt,
		durationMinutes: activity.durationMinutes
	}));
}

export async function coachedCycleIds(db: Db, workspaceId: string, coachId: string): Promise<string[]> {
	const rows = await db
		.select({ id: coachingCycles.id })
		.from(coachingCycles)
		.where(and(eq(coachingCycles.workspaceId, workspaceId), eq(coachingCycles.coachId, coachId)));
	return rows.map((r) => r.id);
}

export async function coachingLogFor(db: Db, workspaceId: string, coachId: string, clock: DashboardClock) {
	const activitiesLogged = await loggedActivities(
		db,
		await coachedCycleIds(db, workspaceId, coachId),
		clock.now
	);
	return {
		activities: activitiesLogged,
		log: aggregateCoachingLog(activitiesLogged, { timeZone: clock.timeZone })
	};
}

async function contactTimes(db: Db, cycleIds: string[], now: Date) {
	if (cycleIds.length === 0)
		return { last: new Map<string, Date>(), next: new Map<string, typeof activities.$inferSelect>() };
	const rows = await db
		.select()
		.from(activities)
		.where(and(inArray(activities.cycleId, cycleIds), isNull(activities.cancelledAt)))
		.orderBy(asc(activities.startsAt));
	const last = new Map<string, Date>();
	const next = new Map<string, typeof activities.$inferSelect>();
	for (const row of rows) {
		if (row.startsAt < now) last.set(row.cycleId, row.startsAt);
		else if (!next.has(row.cycleId)) next.set(row.cycleId, row);
	}
	return { last, next };
}

export interface CoachDashboard {
	caseload: CaseloadEntry[];
	requests: CycleJson[];
	week: PresentedActivity[];
	overdueSteps: ActionStepJson[];
	dueThisWeekSteps: ActionStepJson[];
	log: CoachingLog;
	feedback: Awaited<ReturnType<typeof feedbackSummaryFor>>;
}

export async function coachDashboard(
	db: Db,
	actor: Actor,
	workspaceId: string,
	clock: DashboardClock
): Promise<CoachDashboard> {
	const cycles = await openCycles(db, workspaceId, 'coachId', actor.userId);
	const json = await cyclesJson(db, actor, cycles);
	const active = json.filter((c) => c.status === 'active');
	const { last, next } = await contactTimes(
		db,
		active.map((c) => c.id),
		clock.now
	);
	const week = weekRange(clock.now, clock.timeZone);
	const [weekRows, steps, log, feedback] = await Promise.all([
		listActivitiesFor(db, actor, { from: week.start, to: week.end, workspaceId }),
		listActionSteps(db, actor, { cycleIds: active.map((c) => c.id), openOnly: true }, today(clock)),
		coachingLogFor(db, workspaceId, actor.userId, clock),
		feedbackSummaryFor(db, workspaceId, actor.userId)
	]);
	return {
		caseload: active.map((cycle) => {
			const upcoming = next.get(cycle.id);
			return {
				cycle,
				lastContact: last.get(cycle.id)?.toISOString() ?? null,
				nextActivity: upcoming
					? {
							id: upcoming.id,
							title: upcoming.title,
							typeLabel: activityTypeLabels[upcoming.type as ActivityType] ?? upcoming.type,
							startsAt: upcoming.startsAt.toISOString()
						}
					: null
			};
		}),
		requests: json.filter((c) => c.status === 'requested'),
		week: await activitiesJson(db, weekRows),
		overdueSteps: steps.filter((s) => s.status === 'overdue'),
		dueThisWeekSteps: steps.filter((s) => s.status === 'due_this_week'),
		log: log.log,
		feedback
	};
}

export interface GoalProgressJson {
	documentId: string;
	statement: string;
	metric: string;
	baseline: number | null;
	target: number | null;
	due: string | null;
	measurements: Measurement[];
}

export async function goalProgressFor(db: Db, cycleIds: string[]): Promise<Map<string, GoalProgressJson>> {
	if (cycleIds.length === 0) return new Map();
	const rows = await db
		.select({ progress: goalProgress, createdAt: documents.createdAt })
		.from(goalProgress)
		.innerJoin(documents, eq(documents.id, goalProgress.documentId))
		.where(and(inArray(goalProgress.cycleId, cycleIds), isNull(documents.archivedAt)))
		.orderBy(desc(documents.createdAt));
	const byCycle = new Map<string, GoalProgressJson>();
	for (const { progress } of rows) {
		// The cycle's first goal is its goal; later ones were drafts or side goals.
		if (!progress.cycleId) continue;
		byCycle.set(progress.cycleId, {
			documentId: progress.documentId,
			statement: progress.statement,
			metric: progress.metric,
			baseline: progress.baseline,
			target: progress.target,
			due: progress.due,
			measurements: progress.measurements as Measurement[]
		});
	}
	return byCycle;
}

export interface TeacherDashboard {
	cycles: (CycleJson & { goal: GoalProgressJson | null })[];
	steps: ActionStepJson[];
	upcoming: PresentedActivity[];
	feedbackDue: CycleJson[];
}

export async function teacherDashboard(
	db: Db,
	actor: Actor,
	workspaceId: string,
	clock: DashboardClock
): Promise<TeacherDashboard> {
	const cycles = await cyclesJson(db, actor, await openCycles(db, workspaceId, 'teacherId', actor.userId));
	const ids = cycles.map((c) => c.id);
	const [goals, steps, upcomingRows, closed] = await Promise.all([
		goalProgressFor(db, ids),
		listActionSteps(db, actor, { cycleIds: ids, openOnly: true }, today(clock)),
		listActivitiesFor(db, actor, {
			from: clock.now,
			to: new Date(clock.now.getTime() + 14 * 86_400_000),
			workspaceId
		}),
		db
			.select()
			.from(coachingCycles)
			.where(
				and(
					eq(coachingCycles.workspaceId, workspaceId),
					eq(coachingCycles.teacherId, actor.userId),
					eq(coachingCycles.status, 'closed'),
					isNull(coachingCycles.feedbackGivenAt)
				)
			)
	]);
	return {
		cycles: cycles.map((c) => ({ ...c, goal: goals.get(c.id) ?? null })),
		// Mine, and the cycle's steps nobody has taken yet.
		steps: steps.filter((s) => s.owner === null || s.owner.id === actor.userId),
		upcoming: await activitiesJson(db, upcomingRows),
		feedbackDue: await cyclesJson(db, actor, closed)
	};
}

export interface AdminDashboard {
	cyclesByStage: { stage: string; count: number }[];
	requestedCount: number;
	closedCount: number;
	activityCounts: { type: ActivityType; label: string; count: number; minutes: number }[];
	coaches: { id: string; name: string; activeCycles: number; minutes: number }[];
	since: string;
}

/** Metadata only (docs/design.md §4): counts, stages and time. No titles of documents, no content. */
export async function adminDashboard(
	db: Db,
	workspaceId: string,
	clock: DashboardClock,
	days = 90
): Promise<AdminDashboard> {
	const since = new Date(clock.now.getTime() - days * 86_400_000);
	const [cycles, acts] = await Promise.all([
		db
			.select({
				stage: coachingCycles.stage,
				status: coachingCycles.status,
				coachId: coachingCycles.coachId,
				coachName: users.name
			})
			.from(coachingCycles)
			.innerJoin(users, eq(users.id, coachingCycles.coachId))
			.where(and(eq(coachingCycles.workspaceId, workspaceId), isNull(coachingCycles.archivedAt))),
		db
			.select({ type: activities.type, minutes: activities.durationMinutes, coachId: coachingCycles.coachId })
			.from(activities)
			.innerJoin(coachingCycles, eq(coachingCycles.id, activities.cycleId))
			.where(
				and(
					eq(activities.workspaceId, workspaceId),
					isNull(activities.cancelledAt),
					gte(activities.startsAt, since),
					lt(activities.startsAt, clock.now)
				)
			)
	]);
	const active = cycles.filter((c) => c.status === 'active');
	const coaches = new Map<string, { id: string; name: string; activeCycles: number; minutes: number }>();
	for (const c of cycles) {
		const entry = coaches.get(c.coachId) ?? { id: c.coachId, name: c.coachName, activeCycles: 0, minutes: 0 };
		if (c.status === 'active') entry.activeCycles += 1;
		coaches.set(c.coachId, entry);
	}
	for (const a of acts) {
		const entry = coaches.get(a.coachId);
		if (entry) entry.minutes += a.minutes;
	}
	return {
		cyclesByStage: CYCLE_STAGES.filter((s) => s !== 'complete').map((stage) => ({
			stage,
			count: active.filter((c) => c.stage === stage).length
		})),
		requestedCount: cycles.filter((c) => c.status === 'requested').length,
		closedCount: cycles.filter((c) => c.status === 'closed').length,
		activityCounts: ACTIVITY_TYPES.map((type) => {
			const ofType = acts.filter((a) => a.type === type);
			return {
				type,
				label: activityTypeLabels[type],
				count: ofType.length,
				minutes: ofType.reduce((sum, a) => sum + a.minutes, 0)
			};
		}),
		coaches: [...coaches.values()].sort((a, b) => a.name.localeCompare(b.name)),
		since: dateKeyInZone(since, clock.timeZone)
	};
}
