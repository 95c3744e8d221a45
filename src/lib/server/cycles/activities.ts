// Activities: the scheduled work of a cycle (pre-conferences, observations, debriefs, …). Past activities
// that were not cancelled are the coach's coaching log; every participant sees them in their calendar.
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { activityTypeLabels, type ActivityInput, type ActivityType } from '../../domain/activities.ts';
import { parseActivityInput } from '../../domain/validation/activities.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import {
	present,
	shapeClasses,
	type FieldClass,
	type Presented
} from '../../domain/content-classification.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { DocumentTemplate } from '../../domain/templates.ts';
import { z } from 'zod';
import { idList, isId } from '../../domain/validation/ids.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { createDebrief } from './debriefs.ts';
import type { Db } from '../db/client.ts';
import {
	activities,
	activityDocuments,
	activityParticipants,
	coachingCycles,
	documents,
	users
} from '../db/schema.ts';
import { createDocument } from '../documents/documents.ts';
import { newId } from '../ids.ts';
import { assertActiveMembers } from '../workspaces/workspaces.ts';
import { assertParticipant, readsCycleContent, type CycleRow, type PersonRef } from './cycles.ts';

export type ActivityRow = typeof activities.$inferSelect;

export interface ActivityJson {
	id: string;
	cycleId: string;
	cycleTitle: string;
	type: string;
	typeLabel: string;
	title: string;
	startsAt: string;
	endsAt: string;
	durationMinutes: number;
	location: string;
	cancelled: boolean;
	notesDocumentId: string | null;
	participants: PersonRef[];
	documents: { id: string; kind: string; title: string }[];
}

shapeClasses.activity satisfies Record<keyof ActivityJson, FieldClass>;

const notesTemplateFor: Partial<Record<ActivityType, DocumentTemplate>> = {
	pre_conference: 'pre_conference',
	debrief: 'debrief'
};

async function assertCycleDocuments(db: Db, cycleId: string, documentIds: string[]): Promise<void> {
	if (documentIds.length === 0) return;
	const rows = await db
		.select({ id: documents.id })
		.from(documents)
		.where(and(eq(documents.cycleId, cycleId), inArray(documents.id, documentIds)));
	if (rows.length !== new Set(documentIds).size)
		throw invalid('Linked documents belong to this cycle.', { documentIds: 'Not in this cycle.' });
}

const linkedIds = z.object({
	participantIds: idList({ max: 100, message: 'participantIds is a list of member ids.' }).optional(),
	documentIds: idList({ max: 100, message: 'documentIds is a list of this cycle’s document ids.' }).optional()
});

/** Schedules an activity; the cycle's coach and teacher always take part, others may join (modeling). */
export async function scheduleActivity(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	raw: Record<string, unknown>
): Promise<ActivityRow> {
	assertParticipant(actor, cycle);
	const input = parseActivityInput(raw);
	const linked = parseInput(linkedIds, raw);
	const participantIds = [...new Set([cycle.coachId, cycle.teacherId, ...(linked.participantIds ?? [])])];
	const documentIds = linked.documentIds ?? [];
	await assertActiveMembers(db, cycle.workspaceId, participantIds, 'participantIds');
	await assertCycleDocuments(db, cycle.id, documentIds);
	const activity = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(activities)
			.values({
				id: newId(),
				workspaceId: cycle.workspaceId,
				cycleId: cycle.id,
				createdBy: actor.userId,
				...input
			})
			.returning();
		const created = row as ActivityRow;
		await tx
			.insert(activityParticipants)
			.values(participantIds.map((userId) => ({ activityId: created.id, userId })));
		if (documentIds.length > 0)
			await tx
				.insert(activityDocuments)
				.values(documentIds.map((documentId) => ({ activityId: created.id, documentId })));
		return created;
	});
	if (raw.openNotes === true) return (await openActivityNotes(db, actor, cycle, activity)).activity;
	return activity;
}

export async function requireActivity(
	db: Db,
	activityId: string
): Promise<{ activity: ActivityRow; cycle: CycleRow }> {
	const [row] = isId(activityId)
		? await db
				.select({ activity: activities, cycle: coachingCycles })
				.from(activities)
				.innerJoin(coachingCycles, eq(coachingCycles.id, activities.cycleId))
				.where(eq(activities.id, activityId))
		: [];
	if (!row) throw notFound('That activity');
	return row;
}

export async function updateActivity(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	activity: ActivityRow,
	raw: Record<string, unknown>
): Promise<ActivityRow> {
	assertParticipant(actor, cycle);
	const merged: ActivityInput = parseActivityInput({
		type: raw.type ?? activity.type,
		title: raw.title ?? activity.title,
		startsAt: raw.startsAt ?? activity.startsAt,
		durationMinutes: raw.durationMinutes ?? activity.durationMinutes,
		location: raw.location ?? activity.location
	});
	const [row] = await db
		.update(activities)
		.set({ ...merged, updatedAt: new Date(), sequence: activity.sequence + 1 })
		.where(eq(activities.id, activity.id))
		.returning();
	return row as ActivityRow;
}

/** Cancelled activities stay (calendars must learn of the cancellation) but leave the coaching log. */
export async function cancelActivity(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	activity: ActivityRow
): Promise<void> {
	assertParticipant(actor, cycle);
	await db
		.update(activities)
		.set({ cancelledAt: new Date(), updatedAt: new Date(), sequence: activity.sequence + 1 })
		.where(eq(activities.id, activity.id));
}

/**
 * Opens the activity's own meeting-notes document, once. A debrief gets two: the shared debrief, and the
 * coach's notes, sealed from the teacher until the teacher chooses to open them (docs/design.md §4).
 */
export async function openActivityNotes(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	activity: ActivityRow
): Promise<{ activity: ActivityRow; documentId: string }> {
	assertParticipant(actor, cycle);
	if (activity.notesDocumentId) return { activity, documentId: activity.notesDocumentId };
	const type = activity.type as ActivityType;
	const template = notesTemplateFor[type] ?? 'meeting';
	return db.transaction(async (tx) => {
		// An observation's notes are an observation document: live notes, lanes and data tools.
		const observing = type === 'observation';
		const notes =
			type === 'debrief'
				? await createDebrief(tx, {
						workspaceId: cycle.workspaceId,
						cycleId: cycle.id,
						coachId: cycle.coachId,
						title: activity.title,
						createdBy: actor.userId
					})
				: await createDocument(tx, {
						workspaceId: cycle.workspaceId,
						cycleId: cycle.id,
						kind: observing ? 'observation' : 'meeting',
						title: activity.title,
						template: observing ? null : template,
						...(observing
							? {
									blocks: [
										{ type: 'heading' as const, text: 'Notes', level: 2 },
										{ type: 'paragraph' as const, text: '' }
									]
								}
							: {}),
						createdBy: actor.userId
					});
		const [row] = await tx
			.update(activities)
			// Only one notes document, even when both people click at once.
			.set({ notesDocumentId: notes.id, updatedAt: new Date() })
			.where(and(eq(activities.id, activity.id), isNull(activities.notesDocumentId)))
			.returning();
		if (!row) throw new AppError('conflict', 'The notes were opened by someone else just now. Reload.');
		await tx
			.insert(activityDocuments)
			.values({ activityId: activity.id, documentId: notes.id })
			.onConflictDoNothing();
		return { activity: row as ActivityRow, documentId: notes.id };
	});
}

/** Activities as JSON, with participants and linked documents; `readable` filters the documents shown. */
export async function activitiesJson(
	db: Db,
	rows: ActivityRowFor[],
	readable: (documentId: string) => boolean = () => true
): Promise<PresentedActivity[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.activity.id);
	const [participants, linked] = await Promise.all([
		db
			.select({ activityId: activityParticipants.activityId, id: users.id, name: users.name })
			.from(activityParticipants)
			.innerJoin(users, eq(users.id, activityParticipants.userId))
			.where(inArray(activityParticipants.activityId, ids))
			.orderBy(asc(users.name)),
		db
			.select({
				activityId: activityDocuments.activityId,
				id: documents.id,
				kind: documents.kind,
				title: documents.title
			})
			.from(activityDocuments)
			.innerJoin(documents, eq(documents.id, activityDocuments.documentId))
			.where(inArray(activityDocuments.activityId, ids))
	]);
	return rows.map(({ activity, cycleTitle, readsContent }) => {
		const full: ActivityJson = {
			id: activity.id,
			cycleId: activity.cycleId,
			cycleTitle,
			type: activity.type,
			typeLabel: activityTypeLabels[activity.type as ActivityType] ?? activity.type,
			title: activity.title,
			startsAt: activity.startsAt.toISOString(),
			endsAt: new Date(activity.startsAt.getTime() + activity.durationMinutes * 60_000).toISOString(),
			durationMinutes: activity.durationMinutes,
			location: activity.location,
			cancelled: activity.cancelledAt !== null,
			notesDocumentId:
				activity.notesDocumentId && readable(activity.notesDocumentId) ? activity.notesDocumentId : null,
			participants: participants
				.filter((p) => p.activityId === activity.id)
				.map(({ id, name }) => ({ id, name })),
			documents: linked
				.filter((d) => d.activityId === activity.id && readable(d.id))
				.map(({ id, kind, title }) => ({ id, kind, title }))
		};
		return readsContent ? full : activityMetadataOnly(full);
	});
}

/**
 * An activity as someone outside the cycle sees it (an admin): that it happened, its type and time. Titles
 * and locations are typed freely and may say what the coaching is about, so they stay with the pair.
 */
export type PresentedActivity = Presented<ActivityJson, 'activity'>;

export function activityMetadataOnly(activity: PresentedActivity): PresentedActivity {
	return present('activity', { ...activity, notesDocumentId: null }, false);
}

/** An activity with its cycle's title, and whether the reader may read the words of both. */
export interface ActivityRowFor {
	activity: ActivityRow;
	cycleTitle: string;
	readsContent: boolean;
}

export async function listCycleActivities(db: Db, actor: Actor, cycle: CycleRow): Promise<ActivityRowFor[]> {
	const rows = await db
		.select()
		.from(activities)
		.where(eq(activities.cycleId, cycle.id))
		.orderBy(asc(activities.startsAt));
	const readsContent = readsCycleContent(actor, cycle);
	return rows.map((activity) => ({ activity, cycleTitle: cycle.title, readsContent }));
}

/**
 * A person's activities in [from, to), across their cycles in one workspace (or all, for the feed). Someone
 * invited who is not of the pair (or no longer its coach) gets their times and kinds, not their words.
 */
export async function listActivitiesFor(
	db: Db,
	actor: Actor,
	range: { from?: Date; to?: Date; workspaceId?: string; includeCancelled?: boolean }
): Promise<ActivityRowFor[]> {
	const userId = actor.userId;
	const rows = await db
		.select({ activity: activities, cycle: coachingCycles })
		.from(activityParticipants)
		.innerJoin(activities, eq(activities.id, activityParticipants.activityId))
		.innerJoin(coachingCycles, eq(coachingCycles.id, activities.cycleId))
		.where(
			and(
				eq(activityParticipants.userId, userId),
				range.workspaceId ? eq(activities.workspaceId, range.workspaceId) : undefined,
				range.from ? gte(activities.startsAt, range.from) : undefined,
				range.to ? lt(activities.startsAt, range.to) : undefined,
				range.includeCancelled ? undefined : isNull(activities.cancelledAt)
			)
		)
		.orderBy(asc(activities.startsAt));
	return rows.map(({ activity, cycle }) => ({
		activity,
		cycleTitle: cycle.title,
		readsContent: readsCycleContent(actor, cycle)
	}));
}
