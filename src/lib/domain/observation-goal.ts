// An observation tool feeding the cycle's goal (docs/design.md §6 `measurements`; research/coaching.md (d)6):
// the goal holds one measurement per feeding tool, found by its source `observation:<docId>:<toolId>`,
// which the server keeps up to date as taps arrive (upsert by source), never one per store.
import * as Y from 'yjs';
import { rootArray } from './action-steps.ts';
import { isCalendarDate } from './calendar-date.ts';
import { MEASUREMENTS_ROOT } from './goal-document.ts';

const SOURCE_PREFIX = 'observation:';

export function observationSource(observationId: string, toolId: string): string {
	return `${SOURCE_PREFIX}${observationId}:${toolId}`;
}

/** The observation and tool a measurement's source names, or null for any other source. */
export function parseObservationSource(source: string): { observationId: string; toolId: string } | null {
	if (!source.startsWith(SOURCE_PREFIX)) return null;
	const rest = source.slice(SOURCE_PREFIX.length);
	const colon = rest.indexOf(':');
	if (colon <= 0 || colon === rest.length - 1) return null;
	return { observationId: rest.slice(0, colon), toolId: rest.slice(colon + 1) };
}

export interface FedMeasurement {
	source: string;
	/** 'YYYY-MM-DD' */
	date: string;
	value: number;
	note: string;
}

export type UpsertResult = 'added' | 'updated' | 'unchanged';

/**
 * Makes the goal hold exactly one measurement with this source, with these figures. Writes only what
 * differs (no update at all when nothing does), and removes duplicates a race may have left.
 */
export function upsertMeasurementBySource(
	doc: Y.Doc,
	input: FedMeasurement,
	newId: () => string = () => crypto.randomUUID()
): UpsertResult {
	if (!isCalendarDate(input.date)) throw new RangeError('A measurement needs a date (YYYY-MM-DD).');
	if (typeof input.value !== 'number' || !Number.isFinite(input.value))
		throw new RangeError('A measurement’s value must be a number.');
	const array = rootArray(doc, MEASUREMENTS_ROOT, true);
	if (!array) throw new Error('This goal’s measurements are damaged and cannot take new ones.');
	const matches: { entry: Y.Map<unknown>; position: number }[] = [];
	array.forEach((entry, position) => {
		if (entry instanceof Y.Map && entry.get('source') === input.source) matches.push({ entry, position });
	});
	const [first, ...duplicates] = matches;
	if (!first) {
		doc.transact(() => {
			const measurement = new Y.Map<unknown>();
			measurement.set('id', newId());
			measurement.set('date', input.date);
			measurement.set('value', input.value);
			measurement.set('note', input.note);
			measurement.set('source', input.source);
			array.push([measurement]);
		});
		return 'added';
	}
	const changes: [string, unknown][] = (
		[
			['date', input.date],
			['value', input.value],
			['note', input.note]
		] as [string, unknown][]
	).filter(([key, value]) => first.entry.get(key) !== value);
	const id: unknown = first.entry.get('id');
	if (typeof id !== 'string' || id === '') changes.push(['id', newId()]);
	if (changes.length === 0 && duplicates.length === 0) return 'unchanged';
	doc.transact(() => {
		for (const [key, value] of changes) first.entry.set(key, value);
		for (const { position } of duplicates.reverse()) array.delete(position, 1);
	});
	return 'updated';
}

/** Removes every measurement with this source; false when there was none. */
export function removeMeasurementsBySource(doc: Y.Doc, source: string): boolean {
	const array = rootArray(doc, MEASUREMENTS_ROOT, false);
	if (!array) return false;
	const positions: number[] = [];
	array.forEach((entry, position) => {
		if (entry instanceof Y.Map && entry.get('source') === source) positions.push(position);
	});
	if (positions.length === 0) return false;
	doc.transact(() => {
		for (const position of positions.reverse()) array.delete(position, 1);
	});
	return true;
}
