// A tool of a cycle's observation feeding the cycle's goal: "Send to goal" records the feed in the
// observation (the tool's `goalFeed`) and writes the measurement into the goal; after each store of the
// observation, `deriveObservationGoalFeeds` brings that measurement up to date with the taps that arrived
// since (upsert by its source `observation:<docId>:<toolId>`). Both write through the durable path.
import { and, eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { dateKeyInZone } from '../../domain/activities.ts';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { goalFeedValue } from '../../domain/observation/figures.ts';
import type { GoalFeed, ObservationSnapshot, ObservationTool } from '../../domain/observation/model.ts';
import { instantMs, readObservation } from '../../domain/observation/read.ts';
import { setGoalFeed } from '../../domain/observation/write.ts';
import { describeGoalFeed } from '../../format/observation.ts';
import {
	observationSource,
	removeMeasurementsBySource,
	upsertMeasurementBySource
} from '../../domain/observation-goal.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { loadDocumentFacts } from '../access.ts';
import { goalDocumentOf } from '../cycles/cycles.ts';
import type { Db } from '../db/client.ts';
import { documents } from '../db/schema.ts';
import type { DocumentRow } from '../documents/documents.ts';
import type { CollaborationControl } from '../runtime.ts';
import { workspaceClock } from '../workspaces/workspaces.ts';
import { loadObservation } from './load.ts';

export interface GoalFeedResult {
	goalId: string;
	toolId: string;
	source: string;
	measure: GoalFeed['measure'];
	code: string | null;
	date: string;
	/** What is measured, in words. */
	description: string;
	/** The measurement now in the goal; null while the tool has no data yet (it is written once it has). */
	value: number | null;
}

function feedNote(tool: ObservationTool, feed: Pick<GoalFeed, 'measure' | 'code'>): string {
	return `${describeGoalFeed(tool, feed)}, from the observation`.slice(0, 500);
}

/** Writes (or brings up to date) the feed's measurement in the goal; null when there is nothing to write. */
async function writeMeasurement(
	collaboration: CollaborationControl,
	observationId: string,
	snapshot: ObservationSnapshot,
	tool: ObservationTool,
	feed: GoalFeed,
	actingUserId: string | null,
	nowMs: number
): Promise<number | null> {
	const value = goalFeedValue(snapshot, tool, feed, nowMs);
	if (value === null) return null;
	await collaboration.change(feed.goalId, { userId: actingUserId }, (doc) =>
		upsertMeasurementBySource(doc, {
			source: observationSource(observationId, tool.id),
			date: feed.date,
			value,
			note: feedNote(tool, feed)
		})
	);
	return value;
}

function parseFeedChoice(tool: ObservationTool, measureRaw: unknown, codeRaw: unknown) {
	const measure = measureRaw === undefined ? 'count' : measureRaw;
	if (measure !== 'count' && measure !== 'percent')
		throw invalid('Send a count or a percent.', { measure: 'Choose count or percent.' });
	let code: string | null = typeof codeRaw === 'string' && codeRaw !== '' ? codeRaw : null;
	if (code !== null && !tool.codes.some((c) => c.id === code))
		throw invalid(`“${tool.label}” has no ${code}.`, { code: 'Unknown code.' });
	if (tool.type === 'timer' && code === null) code = tool.codes[0]?.id ?? null;
	if (tool.type === 'sweep') code = null;
	if ((tool.type === 'tally' || tool.type === 'coding') && measure === 'percent' && code === null)
		throw invalid('A percentage is the share of one button: choose which.', { code: 'Choose a button.' });
	return { measure, code } as const;
}

/** The date an observation's measurement carries: the day it started, in the workspace's zone (else today). */
async function observationDate(
	db: Db,
	observation: DocumentRow,
	snapshot: ObservationSnapshot
): Promise<string> {
	const clock = await workspaceClock(db, observation.workspaceId);
	const started = instantMs(snapshot.session.startedAt);
	return started === null ? clock.today : dateKeyInZone(new Date(started), clock.timeZone);
}

/**
 * "Send to goal": this tool's count or percentage becomes a measurement of the cycle's goal, kept up to
 * date as taps arrive. The actor must be able to write both the observation and the goal.
 */
export async function sendToolToGoal(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	observation: DocumentRow,
	input: { toolId?: unknown; measure?: unknown; code?: unknown; date?: unknown },
	nowMs: number = Date.now()
): Promise<GoalFeedResult> {
	if (observation.kind !== 'observation' || !observation.cycleId)
		throw invalid('Only an observation in a coaching cycle can feed the cycle’s goal.');
	const goal = await goalDocumentOf(db, observation.cycleId);
	const goalFacts = goal ? await loadDocumentFacts(db, goal.id) : null;
	if (!goal || !goalFacts) throw invalid('This cycle has no goal to send measurements to.');
	if (!can(actor, 'write', goalFacts.resource)) throw notFound('The cycle’s goal');

	const { snapshot } = await loadObservation(collaboration, observation.id);
	const tool = snapshot.tools.find((t) => t.id === input.toolId);
	if (!tool) throw invalid('That tool is not in this observation.', { toolId: 'Unknown tool.' });
	const choice = parseFeedChoice(tool, input.measure, input.code);
	let date: string;
	if (input.date === undefined || input.date === null || input.date === '') {
		date = await observationDate(db, observation, snapshot);
	} else if (isCalendarDate(input.date)) {
		date = input.date;
	} else {
		throw invalid('Dates are written YYYY-MM-DD.', { date: 'Not a date.' });
	}
	const feed: GoalFeed = { ...choice, goalId: goal.id, date };

	// The measurement first, then the feed: the store that the feed's write triggers then finds the
	// measurement in place and only updates it, instead of racing this request to add a second one.
	const value = await writeMeasurement(
		collaboration,
		observation.id,
		snapshot,
		tool,
		feed,
		actor.userId,
		nowMs
	);
	await collaboration.change(observation.id, { userId: actor.userId }, (doc) =>
		setGoalFeed(doc, tool.id, feed)
	);
	return {
		goalId: goal.id,
		toolId: tool.id,
		source: observationSource(observation.id, tool.id),
		measure: feed.measure,
		code: feed.code,
		date: feed.date,
		description: describeGoalFeed(tool, feed),
		value
	};
}

/** Stops a tool feeding the goal and takes its measurement out of the goal. */
export async function stopToolFeed(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	observation: DocumentRow,
	toolId: string
): Promise<void> {
	const { snapshot } = await loadObservation(collaboration, observation.id);
	const tool = snapshot.tools.find((t) => t.id === toolId);
	if (!tool) throw invalid('That tool is not in this observation.', { toolId: 'Unknown tool.' });
	await collaboration.change(observation.id, { userId: actor.userId }, (doc) =>
		setGoalFeed(doc, tool.id, null)
	);
	const goalId = tool.goalFeed?.goalId;
	if (!goalId) return;
	const goalFacts = await loadDocumentFacts(db, goalId);
	if (!goalFacts || !can(actor, 'write', goalFacts.resource)) return;
	await collaboration.change(goalId, { userId: actor.userId }, (doc) => {
		removeMeasurementsBySource(doc, observationSource(observation.id, tool.id));
	});
}

/**
 * After each store of a document: when it is an observation whose tools feed the cycle's goal, bring
 * each feed's measurement up to date (added when missing, rewritten only when the figure changed). For
 * the collaboration server's derived-records step; any other document costs one read of its tools.
 */
export async function deriveObservationGoalFeeds(
	db: Db,
	collaboration: CollaborationControl,
	documentId: string,
	doc: Y.Doc,
	nowMs: number = Date.now()
): Promise<number> {
	const snapshot = readObservation(doc);
	const feeding = snapshot.tools.filter((tool) => tool.goalFeed !== null);
	if (feeding.length === 0) return 0;
	const [observation] = await db
		.select({ kind: documents.kind, cycleId: documents.cycleId })
		.from(documents)
		.where(eq(documents.id, documentId));
	if (!observation || observation.kind !== 'observation' || !observation.cycleId) return 0;
	let written = 0;
	for (const tool of feeding) {
		const feed = tool.goalFeed as GoalFeed;
		// Only the goal of the observation's own cycle: a feed names its goal, and names are client-written.
		const [goal] = await db
			.select({ id: documents.id })
			.from(documents)
			.where(
				and(
					eq(documents.id, feed.goalId),
					eq(documents.cycleId, observation.cycleId),
					eq(documents.kind, 'goal')
				)
			);
		if (!goal) continue;
		const value = await writeMeasurement(collaboration, documentId, snapshot, tool, feed, null, nowMs);
		if (value !== null) written += 1;
	}
	return written;
}
