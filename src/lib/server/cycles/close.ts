// Closing a cycle: the outcome goes on the cycle, the final measurement into the goal document, through
// the same durable path as a typed edit, so the goal's chart ends where the cycle did.
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { text } from '../../domain/validation/text.ts';
import { invalid } from '../../domain/errors.ts';
import { encodeMeasurementUpdate } from '../../domain/goal-document.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import type { CollaborationControl } from '../runtime.ts';
import { closeCycle, goalDocumentOf, type CycleRow } from './cycles.ts';

export interface FinalMeasurementInput {
	finalValue?: unknown;
	finalDate?: unknown;
	finalNote?: unknown;
}

const finalNote = text({ max: 500, multiline: true, truncate: true, message: 'The note is text.' });

function parseFinalMeasurement(input: FinalMeasurementInput, today: string) {
	if (input.finalValue === undefined || input.finalValue === null || input.finalValue === '') return null;
	const value =
		typeof input.finalValue === 'number' ? input.finalValue : Number(String(input.finalValue).trim());
	if (!Number.isFinite(value))
		throw invalid('The final measurement is a number.', { finalValue: 'Not a number.' });
	const date = input.finalDate === undefined || input.finalDate === '' ? today : input.finalDate;
	if (!isCalendarDate(date)) throw invalid('Dates are written YYYY-MM-DD.', { finalDate: 'Not a date.' });
	const note = parseField('finalNote', finalNote, input.finalNote);
	return { value, date, note };
}

export async function closeCycleWithMeasurement(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	cycle: CycleRow,
	input: FinalMeasurementInput & { outcome?: unknown; note?: unknown },
	today: string
): Promise<CycleRow> {
	// Validated before anything is written, so a typo never leaves a half-closed cycle.
	const measurement = parseFinalMeasurement(input, today);
	const goal = measurement ? await goalDocumentOf(db, cycle.id) : null;
	if (measurement && !goal)
		throw invalid('This cycle has no goal document to record the measurement in.', {
			finalValue: 'No goal.'
		});
	const closed = await closeCycle(db, actor, cycle, input);
	if (measurement && goal) {
		const state = await collaboration.currentState(goal.id);
		const update = encodeMeasurementUpdate(state, { ...measurement, source: 'final' });
		await collaboration.applyServerUpdate(goal.id, update, actor.userId);
	}
	return closed;
}
