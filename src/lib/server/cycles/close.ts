// Closing a cycle: the outcome goes on the cycle, the final measurement into the goal document, through
// the same durable path as a typed edit, so the goal's chart ends where the cycle did.
import { finalMeasurement } from '../../domain/validation/cycles.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { invalid } from '../../domain/errors.ts';
import { upsertMeasurementBySource } from '../../domain/observation-goal.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import type { CollaborationControl } from '../runtime.ts';
import { assertClosable, closeCycle, goalDocumentOf, type CycleRow } from './cycles.ts';

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
	assertClosable(actor, cycle, input);
	// The measurement before the close: when it cannot be saved, the cycle stays open and nothing is
	// half-done; when the close fails after it, trying again rewrites the same final measurement.
	if (measurement && goal) {
		await collaboration.change(goal.id, { userId: actor.userId }, (doc) =>
			upsertMeasurementBySource(doc, { ...measurement, source: 'final' })
		);
	}
	return closeCycle(db, actor, cycle, input);
}
