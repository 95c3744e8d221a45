// What a client may send about a coaching cycle: the API and the cycle forms parse with these.
import { z } from 'zod';
import { CYCLE_OUTCOMES, CYCLE_STAGES, CYCLE_STATUSES } from '../cycle-stages.ts';
import { oneOf, optionalDate } from './fields.ts';
import { id } from './ids.ts';
import { text } from './text.ts';

export const cycleTitle = text({ min: 1, max: 200, message: 'A cycle title has 1 to 200 characters.' });
// Focus and notes were always cut at their length rather than refused: a long note keeps its start.
export const cycleFocus = text({ max: 500, multiline: true, truncate: true, message: 'The focus is text.' });
export const stageNote = text({ max: 1000, multiline: true, truncate: true, message: 'A note is text.' });

export const cycleStage = oneOf(CYCLE_STAGES, 'Choose a stage: identify, learn, improve or complete.');
export const cycleOutcome = oneOf(CYCLE_OUTCOMES, 'Choose whether the goal was met, partly met or not met.');

const afterStart = (dates: { startDate?: string | null; targetDate?: string | null }) =>
	!dates.startDate || !dates.targetDate || dates.targetDate >= dates.startDate;
const targetAfterStart = {
	error: 'The target date comes after the start date.',
	path: ['targetDate']
};

export const cycleDates = z
	.object({ startDate: optionalDate(), targetDate: optionalDate() })
	.refine(afterStart, targetAfterStart);

/** A coach names the teacher, a teacher asking for coaching names the coach; the use-case checks roles. */
export const newCycle = z
	.object({
		teacherId: id('Choose a teacher of this workspace.').optional(),
		coachId: id('Choose a coach of this workspace.').optional(),
		title: cycleTitle,
		focus: cycleFocus,
		startDate: optionalDate(),
		targetDate: optionalDate()
	})
	.refine(afterStart, targetAfterStart);

export const cycleDetailsPatch = z.object({
	title: cycleTitle.optional(),
	focus: cycleFocus.optional(),
	startDate: optionalDate().optional(),
	targetDate: optionalDate().optional(),
	archived: z.boolean({ error: 'archived is true or false.' }).optional()
});

export const stageChange = z.object({ stage: cycleStage, note: stageNote });

/** The coach answers a teacher's request for coaching. */
export const requestAnswer = z.object({
	accept: z.boolean({ error: 'Say whether you accept: { "accept": true }.' })
});

export const cycleClosing = z.object({ outcome: cycleOutcome, note: stageNote });

/** The goal's last measurement, recorded as the cycle closes: no value, no measurement; no date, today. */
export const finalMeasurement = z.object({
	finalValue: z.preprocess(
		(raw) => (raw === '' || raw === null ? undefined : typeof raw === 'string' ? Number(raw.trim()) : raw),
		z.number({ error: 'The final measurement is a number.' }).optional()
	),
	finalDate: optionalDate(),
	finalNote: text({ max: 500, multiline: true, truncate: true, message: 'The note is text.' })
});

/** The list's filters, from a query string: '' means no filter. */
const emptyIsNone = (raw: unknown) => (raw === '' || raw === null ? undefined : raw);
export const cycleFilters = z.object({
	stage: z.preprocess(emptyIsNone, cycleStage.optional()),
	status: z.preprocess(
		emptyIsNone,
		oneOf(CYCLE_STATUSES, 'Filter by status: requested, active, closed or declined.').optional()
	),
	teacherId: z.preprocess(emptyIsNone, id('Filter by a teacher’s id.').optional()),
	coachId: z.preprocess(emptyIsNone, id('Filter by a coach’s id.').optional()),
	archived: z.preprocess((raw) => raw === 'true', z.boolean()),
	q: text({ max: 100, truncate: true, message: 'Search for text.' })
});
