// The coaching cycle's stages (docs/design.md §2) and the moves allowed between them. Coaching is not linear:
// a cycle may step back a stage as well as forward, but never skips one, and it reaches `complete` only
// by being closed with an outcome.
import { invalid } from './errors.ts';

export const CYCLE_STAGES = ['identify', 'learn', 'improve', 'complete'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export const cycleStageLabels: Record<CycleStage, string> = {
	identify: 'Identify',
	learn: 'Learn',
	improve: 'Improve',
	complete: 'Complete'
};

export const cycleStageDescriptions: Record<CycleStage, string> = {
	identify: 'Look at the current reality and agree on a student-focused, measurable, reachable goal.',
	learn: 'Choose a teaching strategy, see it modeled, and co-plan the lesson that will use it.',
	improve:
		'Teach the lesson, observe and collect data against the goal, debrief, and adjust until the goal is met.',
	complete: 'The cycle is closed and its outcome recorded.'
};

export function isCycleStage(value: unknown): value is CycleStage {
	return typeof value === 'string' && (CYCLE_STAGES as readonly string[]).includes(value);
}

export function nextStage(stage: CycleStage): CycleStage | null {
	return CYCLE_STAGES[CYCLE_STAGES.indexOf(stage) + 1] ?? null;
}

export function previousStage(stage: CycleStage): CycleStage | null {
	const index = CYCLE_STAGES.indexOf(stage);
	return index > 0 ? (CYCLE_STAGES[index - 1] ?? null) : null;
}

export type StageMove = 'advance' | 'back';

/**
 * Decides whether a cycle may move from `from` to `to`, and which way that is; throws `invalid` otherwise.
 * One stage forward or back at a time. `complete` is reached only by closing (which records an outcome),
 * and a cycle may be closed early from any open stage. Reopening a closed cycle returns it to `improve`.
 */
export function planStageChange(
	from: CycleStage,
	to: CycleStage,
	options: { closing?: boolean } = {}
): StageMove {
	if (!isCycleStage(from) || !isCycleStage(to))
		throw invalid('Choose a stage: identify, learn, improve or complete.', { stage: 'Unknown stage.' });
	if (options.closing) {
		if (to !== 'complete')
			throw invalid('Closing a cycle moves it to Complete.', { stage: 'Closing ends in Complete.' });
		if (from === 'complete') throw invalid('This cycle is already closed.', { stage: 'Already closed.' });
		return 'advance';
	}
	if (from === to)
		throw invalid(`The cycle is already in the ${cycleStageLabels[to]} stage.`, {
			stage: 'Already in this stage.'
		});
	if (to === 'complete')
		throw invalid('Close the cycle with an outcome to move it to Complete.', {
			stage: 'Close the cycle instead.'
		});
	if (nextStage(from) === to) return 'advance';
	if (previousStage(from) === to) return 'back';
	throw invalid(
		`A cycle moves one stage at a time: from ${cycleStageLabels[from]} it can go to ${movesFrom(from)}.`,
		{ stage: 'Move one stage at a time.' }
	);
}

function movesFrom(from: CycleStage): string {
	const targets: string[] = [];
	const back = previousStage(from);
	if (back) targets.push(cycleStageLabels[back]);
	const forward = nextStage(from);
	if (forward) targets.push(forward === 'complete' ? 'Complete (by closing it)' : cycleStageLabels[forward]);
	return targets.join(' or ');
}

// `requested`: a teacher asked for coaching and the coach has not accepted yet; `declined`: the coach
// said no (the request is kept, archived, so the teacher sees the answer).
export const CYCLE_STATUSES = ['requested', 'active', 'closed', 'declined'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const cycleStatusLabels: Record<CycleStatus, string> = {
	requested: 'Requested',
	active: 'Active',
	closed: 'Closed',
	declined: 'Declined'
};

export function isCycleStatus(value: unknown): value is CycleStatus {
	return typeof value === 'string' && (CYCLE_STATUSES as readonly string[]).includes(value);
}

export const CYCLE_OUTCOMES = ['met', 'partly_met', 'not_met'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

export const cycleOutcomeLabels: Record<CycleOutcome, string> = {
	met: 'Goal met',
	partly_met: 'Goal partly met',
	not_met: 'Goal not met'
};

export function isCycleOutcome(value: unknown): value is CycleOutcome {
	return typeof value === 'string' && (CYCLE_OUTCOMES as readonly string[]).includes(value);
}
