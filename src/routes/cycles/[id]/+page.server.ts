import { redirect, type RequestEvent } from '@sveltejs/kit';
import { formatDateTime } from '$lib/format/cycles';
import { dateKeyInZone, instantFromWallTime } from '$lib/domain/activities';
import {
	nextStage,
	previousStage,
	isCycleStage,
	cycleStageLabels,
	cycleOutcomeLabels,
	isCycleOutcome
} from '$lib/domain/cycle-stages';
import { AppError, invalid, notFound } from '$lib/domain/errors';
import { FEEDBACK_KEYS } from '$lib/domain/feedback';
import { can, type Actor } from '$lib/domain/permissions';
import {
	activitiesJson,
	cancelActivity,
	listCycleActivities,
	openActivityNotes,
	requireActivity,
	scheduleActivity,
	updateActivity
} from '$lib/server/cycles/activities';
import { closeCycleWithMeasurement } from '$lib/server/cycles/close';
import {
	changeStage,
	cycleJson,
	cycleResource,
	requireCycle,
	respondToRequest,
	stageHistory,
	updateCycleDetails,
	type CycleRow
} from '$lib/server/cycles/cycles';
import { submitFeedback } from '$lib/server/cycles/feedback';
import { listActionSteps } from '$lib/server/dashboards/action-steps';
import { createDebrief } from '$lib/server/cycles/debriefs';
import { createDocument } from '$lib/server/documents/documents';
import { actorFor, pageNotFound, requireUser, type AuthenticatedUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import { retentionEndsAt } from '$lib/domain/retention';
import { retentionOf } from '$lib/server/retention/retention';
import type { Actions, PageServerLoad } from './$types';

/** The cycle, or a 404 page for anyone who may not see it (docs/design.md §4: not even that it exists). */
async function loadCycle(actor: Actor, cycleId: string): Promise<CycleRow> {
	try {
		return await requireCycle(db(), actor, cycleId);
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') pageNotFound();
		throw error;
	}
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const actor = await actorFor(user);
	const cycle = await loadCycle(actor, event.params.id);
	const resource = cycleResource(cycle);
	const participant = can(actor, 'update', resource);
	const { now, timeZone, today } = await workspaceClock(db(), cycle.workspaceId);

	const [json, history, rows] = await Promise.all([
		cycleJson(db(), actor, cycle),
		stageHistory(db(), actor, cycle),
		listCycleActivities(db(), actor, cycle)
	]);
	// Admins who are not in the cycle learn that it exists and how it moves, never what is written in it.
	const documents = participant ? (json.documents ?? []) : [];
	const readable = new Set(documents.map((d) => d.id));
	const activities = await activitiesJson(db(), rows, (id) => readable.has(id));
	const actionSteps = participant ? await listActionSteps(db(), actor, { cycleIds: [cycle.id] }, today) : [];

	const stage = isCycleStage(cycle.stage) ? cycle.stage : 'identify';
	const moving = participant && (cycle.status === 'active' || cycle.status === 'closed');
	const next = nextStage(stage);
	const isTeacher = user.id === cycle.teacherId;
	const nowIso = now.toISOString();
	// When the daily retention run will delete this closed cycle (null: kept until someone deletes it).
	const retentionYears = await retentionOf(db(), cycle.workspaceId);
	const deletesAt =
		cycle.status === 'closed' && cycle.closedAt && retentionYears !== null
			? retentionEndsAt(cycle.closedAt, retentionYears).toISOString()
			: null;

	return {
		cycle: { ...json, documents },
		deletesAt,
		history,
		upcoming: activities.filter((a) => a.startsAt >= nowIso),
		past: activities.filter((a) => a.startsAt < nowIso).reverse(),
		actionSteps,
		timeZone,
		today,
		// Names the coach's own sealed notes "Your private notes" for the coach.
		viewerIsCoach: user.id === cycle.coachId,
		stage: {
			current: stage,
			// Complete is reached only by closing the cycle with an outcome.
			next: moving && cycle.status === 'active' && next && next !== 'complete' ? next : null,
			previous: moving ? previousStage(stage) : null,
			closeInstead: moving && cycle.status === 'active' && next === 'complete'
		},
		can: {
			work: participant,
			answerRequest: cycle.status === 'requested' && can(actor, 'answer_request', resource),
			waitingForCoach: cycle.status === 'requested' && isTeacher,
			close: participant && cycle.status === 'active',
			giveFeedback: isTeacher && cycle.status === 'closed' && cycle.feedbackGivenAt === null,
			feedbackGiven: isTeacher && cycle.status === 'closed' && cycle.feedbackGivenAt !== null
		}
	};
};

type ActionEvent = RequestEvent<{ id: string }>;

interface ActionContext {
	user: AuthenticatedUser;
	actor: Actor;
	cycle: CycleRow;
	form: FormData;
	timeZone: string;
}

/**
 * Runs one cycle action: a refusal of the cycle itself is a 404; any other AppError goes back to the form
 * that was sent (`values.action` says which), with the safe values it held.
 */
async function cycleAction(
	event: ActionEvent,
	action: string,
	safeValues: string[],
	run: (context: ActionContext) => Promise<string>
) {
	const user = requireUser(event);
	const actor = await actorFor(user);
	const cycle = await loadCycle(actor, event.params.id);
	const form = await event.request.formData();
	const values: Record<string, string> = { action };
	for (const name of safeValues) values[name] = field(form, name);
	try {
		const { timeZone } = await workspaceClock(db(), cycle.workspaceId);
		const message = await run({ user, actor, cycle, form, timeZone });
		return { action, message };
	} catch (error) {
		return formFailure(error, values);
	}
}

/** An activity of this cycle (another cycle's activity id is simply not found here). */
async function activityOf(cycle: CycleRow, form: FormData) {
	const { activity } = await requireActivity(db(), field(form, 'activityId'));
	if (activity.cycleId !== cycle.id) throw notFound('That activity');
	return activity;
}

function whenLabel(startsAt: Date, timeZone: string): string {
	return formatDateTime(startsAt.toISOString(), timeZone);
}

/** The form's date and time, read on the workspace's clock. */
function startsAtFrom(form: FormData, timeZone: string): string {
	const startsAt = instantFromWallTime(field(form, 'date'), field(form, 'time'), timeZone);
	// Said here in the form's words; the service's message speaks of ISO offsets, for the API.
	if (!startsAt)
		throw invalid('Choose a date and a time for the activity.', { startsAt: 'Choose a date and a time.' });
	return startsAt.toISOString();
}

export const actions = {
	stage: (event) =>
		cycleAction(event, 'stage', ['note'], async ({ actor, cycle, form }) => {
			const stage = field(form, 'stage');
			const moved = await changeStage(db(), actor, cycle, { stage, note: field(form, 'note') });
			const label = isCycleStage(moved.stage) ? cycleStageLabels[moved.stage] : moved.stage;
			return stage === nextStage(isCycleStage(cycle.stage) ? cycle.stage : 'identify')
				? `Moved to ${label}.`
				: `Moved back to ${label}.`;
		}),

	accept: (event) =>
		cycleAction(event, 'accept', [], async ({ actor, cycle }) => {
			await respondToRequest(db(), actor, cycle, true);
			return 'You accepted the request. The cycle is active.';
		}),

	decline: (event) =>
		cycleAction(event, 'decline', [], async ({ actor, cycle }) => {
			await respondToRequest(db(), actor, cycle, false);
			return 'You declined the request.';
		}),

	createDocument: (event) =>
		cycleAction(event, 'createDocument', [], async ({ user, actor, cycle, form }) => {
			if (!can(actor, 'create_document', cycleResource(cycle))) pageNotFound();
			const kind = field(form, 'kind');
			// A debrief comes with the coach's sealed notes; a lesson video starts empty, its page takes the upload.
			const lessonPlan = kind === 'lesson_plan';
			const created =
				kind === 'debrief'
					? await createDebrief(db(), {
							workspaceId: cycle.workspaceId,
							cycleId: cycle.id,
							coachId: cycle.coachId,
							title: 'Debrief',
							createdBy: user.id
						})
					: await createDocument(
							db(),
							kind === 'video'
								? {
										workspaceId: cycle.workspaceId,
										cycleId: cycle.id,
										kind: 'video',
										title: 'Lesson video',
										createdBy: user.id
									}
								: {
										workspaceId: cycle.workspaceId,
										cycleId: cycle.id,
										kind: lessonPlan ? 'lesson_plan' : 'meeting',
										template: lessonPlan ? 'lesson_plan' : 'meeting',
										title: lessonPlan ? 'Lesson plan' : 'Meeting notes',
										createdBy: user.id
									}
						);
			redirect(303, `/documents/${created.id}`);
		}),

	schedule: (event) =>
		cycleAction(
			event,
			'schedule',
			['type', 'title', 'date', 'time', 'durationMinutes', 'location'],
			async ({ actor, cycle, form, timeZone }) => {
				const openNotes = field(form, 'openNotes') === 'on';
				const activity = await scheduleActivity(db(), actor, cycle, {
					type: field(form, 'type'),
					title: field(form, 'title'),
					startsAt: startsAtFrom(form, timeZone),
					durationMinutes: field(form, 'durationMinutes'),
					location: field(form, 'location'),
					documentIds: form.getAll('documentIds').filter((id) => typeof id === 'string'),
					openNotes
				});
				if (openNotes && activity.notesDocumentId) redirect(303, `/documents/${activity.notesDocumentId}`);
				return `Scheduled “${activity.title}” for ${whenLabel(activity.startsAt, timeZone)}.`;
			}
		),

	reschedule: (event) =>
		cycleAction(
			event,
			'reschedule',
			['activityId', 'date', 'time', 'durationMinutes'],
			async ({ actor, cycle, form, timeZone }) => {
				const activity = await activityOf(cycle, form);
				const updated = await updateActivity(db(), actor, cycle, activity, {
					startsAt: startsAtFrom(form, timeZone),
					durationMinutes: field(form, 'durationMinutes') || activity.durationMinutes
				});
				return `Moved “${updated.title}” to ${whenLabel(updated.startsAt, timeZone)}.`;
			}
		),

	cancelActivity: (event) =>
		cycleAction(event, 'cancelActivity', ['activityId'], async ({ actor, cycle, form }) => {
			const activity = await activityOf(cycle, form);
			await cancelActivity(db(), actor, cycle, activity);
			return `“${activity.title}” is cancelled.`;
		}),

	openNotes: (event) =>
		cycleAction(event, 'openNotes', ['activityId'], async ({ actor, cycle, form }) => {
			const activity = await activityOf(cycle, form);
			const { documentId } = await openActivityNotes(db(), actor, cycle, activity);
			redirect(303, `/documents/${documentId}`);
		}),

	close: (event) =>
		cycleAction(
			event,
			'close',
			['outcome', 'finalValue', 'finalDate', 'finalNote', 'note'],
			async ({ actor, cycle, form, timeZone }) => {
				const closed = await closeCycleWithMeasurement(
					db(),
					runtime().collaboration,
					actor,
					cycle,
					{
						outcome: field(form, 'outcome'),
						note: field(form, 'note'),
						finalValue: field(form, 'finalValue'),
						finalDate: field(form, 'finalDate'),
						finalNote: field(form, 'finalNote')
					},
					dateKeyInZone(new Date(), timeZone)
				);
				const outcome = isCycleOutcome(closed.outcome) ? cycleOutcomeLabels[closed.outcome] : '';
				return `The cycle is closed. Outcome: ${outcome}.`;
			}
		),

	feedback: (event) =>
		cycleAction(event, 'feedback', [...FEEDBACK_KEYS, 'comment'], async ({ actor, cycle, form }) => {
			const raw: Record<string, unknown> = { comment: field(form, 'comment') };
			for (const key of FEEDBACK_KEYS) raw[key] = field(form, key);
			await submitFeedback(db(), actor, cycle, raw);
			return 'Thank you for your feedback.';
		}),

	details: (event) =>
		cycleAction(
			event,
			'details',
			['title', 'focus', 'startDate', 'targetDate'],
			async ({ actor, cycle, form }) => {
				await updateCycleDetails(db(), actor, cycle, {
					title: field(form, 'title'),
					focus: field(form, 'focus'),
					startDate: field(form, 'startDate'),
					targetDate: field(form, 'targetDate')
				});
				return 'The cycle’s details are saved.';
			}
		),

	archive: (event) =>
		cycleAction(event, 'archive', [], async ({ actor, cycle }) => {
			await updateCycleDetails(db(), actor, cycle, { archived: true });
			return 'The cycle is archived. It no longer shows in your lists.';
		}),

	unarchive: (event) =>
		cycleAction(event, 'unarchive', [], async ({ actor, cycle }) => {
			await updateCycleDetails(db(), actor, cycle, { archived: false });
			return 'The cycle is back in your lists.';
		})
} satisfies Actions;
