// Closing a cycle: the outcome goes on the cycle, the final measurement into the goal document, through
// the same durable path as a typed edit, so the goal's chart ends where the cycle did.
import { finalMeasurement } from '../../domain/validation/cycles.ts';
import { parseInput } from '../../domain/validation/parse.ts';
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

function parseFinalMeasurement(input: FinalMeasurementInput, today: string) {
	const { finalValue, finalDate, finalNote } = parseInput(finalMeasurement, input);
	return finalValue === undefined ? null : { value: finalValue, date: finalDate ?? today, note: finalNote };
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
