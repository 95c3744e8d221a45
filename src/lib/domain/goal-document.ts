// The goal document's structured part (docs/design.md §6): `Y.Map` `goal`, `Y.Map` `peers` and `Y.Array`
// `measurements` of `Y.Map`. Like action steps, reading tolerates anything a collaborator may have
// written and never throws; each measurement is its own array element, so measurements added at the
// same time by two people are both kept.
import * as Y from 'yjs';
import { removeEntriesWithId, rootArray, rootMap } from './action-steps.ts';
import { isCalendarDate } from './calendar-date.ts';

export type PeersKey = 'powerful' | 'easy' | 'emotional' | 'reachable' | 'studentFocused';

export const PEERS_CRITERIA: readonly { key: PeersKey; label: string; explanation: string }[] = [
	{
		key: 'powerful',
		label: 'Powerful',
		explanation: 'Reaching it would make a real difference to students’ learning.'
	},
	{
		key: 'easy',
		label: 'Easy to measure and understand',
		explanation: 'Anyone can understand it, and progress can be checked quickly and often.'
	},
	{
		key: 'emotional',
		label: 'Emotionally compelling',
		explanation: 'The teacher cares about it and wants to reach it.'
	},
	{
		key: 'reachable',
		label: 'Reachable',
		explanation: 'It can be met within this coaching cycle, with real effort.'
	},
	{
		key: 'studentFocused',
		label: 'Student-focused',
		explanation: 'It describes what students will do or learn, not what the teacher will do.'
	}
];

const PEERS_KEYS: readonly PeersKey[] = PEERS_CRITERIA.map((criterion) => criterion.key);

export interface GoalFields {
	statement: string;
	metric: string;
	baseline: number | null;
	target: number | null;
	/** 'YYYY-MM-DD' */
	due: string | null;
}

export interface Measurement {
	id: string;
	/** 'YYYY-MM-DD' */
	date: string;
	value: number;
	note: string;
	/** 'manual', 'final', or 'observation:<documentId>:<toolId>'; free text, shown through `measurementSourceLabel`. */
	source: string;
}

export type MeasurementInput = Omit<Measurement, 'id'>;

export interface GoalSnapshot {
	fields: GoalFields;
	peers: Record<PeersKey, boolean>;
	/** By date, then id (a stable order for measurements of the same day); unreadable entries skipped. */
	measurements: Measurement[];
}

export interface GoalProgress {
	latest: Measurement | null;
	/** How far the latest measurement has come from baseline to target, 0..1; null without both ends. */
	fraction: number | null;
	met: boolean;
}

export const GOAL_ROOT = 'goal';
export const PEERS_ROOT = 'peers';
export const MEASUREMENTS_ROOT = 'measurements';

function goalMap(doc: Y.Doc, create: boolean): Y.Map<unknown> | null {
	return rootMap(doc, GOAL_ROOT, create);
}

function peersMap(doc: Y.Doc, create: boolean): Y.Map<unknown> | null {
	return rootMap(doc, PEERS_ROOT, create);
}

function measurementsArray(doc: Y.Doc, create: boolean): Y.Array<unknown> | null {
	return rootArray(doc, MEASUREMENTS_ROOT, create);
}

/** A finite number, also from a numeric string (an older client or a hand-made update may store text). */
function readNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parsed = Number(value.trim());
	return Number.isFinite(parsed) ? parsed : null;
}

function readString(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function readMeasurement(entry: unknown): Measurement | null {
	if (!(entry instanceof Y.Map)) return null;
	const id: unknown = entry.get('id');
	const date: unknown = entry.get('date');
	const value = readNumber(entry.get('value'));
	if (typeof id !== 'string' || id === '' || !isCalendarDate(date) || value === null) return null;
	const source: unknown = entry.get('source');
	return {
		id,
		date,
		value,
		note: readString(entry.get('note')),
		source: typeof source === 'string' && source !== '' ? source : 'manual'
	};
}

export function readGoal(doc: Y.Doc): GoalSnapshot {
	const goal = goalMap(doc, false);
	const due: unknown = goal?.get('due');
	const fields: GoalFields = {
		statement: readString(goal?.get('statement')),
		metric: readString(goal?.get('metric')),
		baseline: readNumber(goal?.get('baseline')),
		target: readNumber(goal?.get('target')),
		due: isCalendarDate(due) ? due : null
	};

	const peersSource = peersMap(doc, false);
	const peers = Object.fromEntries(PEERS_KEYS.map((key) => [key, peersSource?.get(key) === true])) as Record<
		PeersKey,
		boolean
	>;

	const measurements: Measurement[] = [];
	const seen = new Set<string>();
	measurementsArray(doc, false)?.forEach((entry) => {
		const measurement = readMeasurement(entry);
		if (!measurement || seen.has(measurement.id)) return;
		seen.add(measurement.id);
		measurements.push(measurement);
	});
	measurements.sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));

	return { fields, peers, measurements };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function checkedDate(value: string, what: string): string {
	if (!isCalendarDate(value))
		throw new RangeError(`${what} must be a date (YYYY-MM-DD), not ${JSON.stringify(value)}.`);
	return value;
}

function checkedNumber(value: number, what: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${what} must be a number.`);
	return value;
}

/** Writes one field (only when it changes). Throws a RangeError for a non-finite number or a malformed date. */
export function setGoalField<K extends keyof GoalFields>(doc: Y.Doc, key: K, value: GoalFields[K]): void {
	let stored: unknown = value;
	if (key === 'statement' || key === 'metric') {
		if (typeof value !== 'string') throw new RangeError(`The goal's ${key} must be text.`);
	} else if (key === 'baseline' || key === 'target') {
		if (value !== null) stored = checkedNumber(value as number, `The goal's ${key}`);
	} else if (key === 'due') {
		if (value !== null) stored = checkedDate(value as string, 'The goal’s due date');
	} else {
		throw new RangeError(`Not a goal field: ${String(key)}`);
	}
	const goal = goalMap(doc, true);
	if (!goal) throw new Error('This document’s goal is damaged and cannot be edited.');
	if (goal.get(key) === stored) return;
	doc.transact(() => goal.set(key, stored));
}

export function setPeers(doc: Y.Doc, key: PeersKey, value: boolean): void {
	if (!PEERS_KEYS.includes(key)) throw new RangeError(`Not a PEERS criterion: ${String(key)}`);
	const peers = peersMap(doc, true);
	if (!peers) throw new Error('This document’s PEERS check is damaged and cannot be edited.');
	if (peers.get(key) === value) return;
	doc.transact(() => peers.set(key, value === true));
}

/** Appends a measurement and returns its id. Throws a RangeError for a malformed date or value. */
export function addMeasurement(
	doc: Y.Doc,
	input: MeasurementInput,
	id: string = crypto.randomUUID()
): string {
	const date = checkedDate(input.date, 'A measurement’s date');
	const value = checkedNumber(input.value, 'A measurement’s value');
	const array = measurementsArray(doc, true);
	if (!array) throw new Error('This document’s measurements are damaged and cannot take new ones.');
	doc.transact(() => {
		const measurement = new Y.Map<unknown>();
		measurement.set('id', id);
		measurement.set('date', date);
		measurement.set('value', value);
		measurement.set('note', typeof input.note === 'string' ? input.note : '');
		measurement.set(
			'source',
			typeof input.source === 'string' && input.source !== '' ? input.source : 'manual'
		);
		array.push([measurement]);
	});
	return id;
}

/** Removes every entry carrying `id`; false when there was none. */
export function removeMeasurement(doc: Y.Doc, id: string): boolean {
	return removeEntriesWithId(doc, measurementsArray(doc, false), id);
}

/**
 * Progress of the latest measurement (by date) from baseline towards target. A target below the
 * baseline is a goal to reduce something (redirects from 20 to 5): met when the latest is at or under
 * it. Without a baseline, or with baseline equal to target, there is no distance to measure
 * (`fraction` null) and "met" means reaching the target from below.
 */
export function goalProgress(goal: GoalSnapshot): GoalProgress {
	const latest = goal.measurements.at(-1) ?? null;
	const { baseline, target } = goal.fields;
	if (latest === null || target === null) return { latest, fraction: null, met: false };
	const decreasing = baseline !== null && target < baseline;
	const met = decreasing ? latest.value <= target : latest.value >= target;
	if (baseline === null || baseline === target) return { latest, fraction: null, met };
	const fraction = (latest.value - baseline) / (target - baseline);
	return { latest, fraction: Math.min(1, Math.max(0, fraction)), met };
}

/**
 * For the server: the Yjs update that adds one measurement to the document whose full state is
 * `state`, to be applied to the live document (and broadcast) like any client's edit.
 */
export function encodeMeasurementUpdate(
	state: Uint8Array,
	input: MeasurementInput,
	id: string = crypto.randomUUID()
): Uint8Array {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		const before = Y.encodeStateVector(doc);
		addMeasurement(doc, input, id);
		return Y.encodeStateAsUpdate(doc, before);
	} finally {
		doc.destroy();
	}
}

/** How a measurement's `source` is shown to people. */
export function measurementSourceLabel(source: string): string {
	if (source === 'manual') return 'Entered';
	if (source === 'final') return 'Final';
	if (source.startsWith('observation:')) return 'From observation';
	return 'Other';
}
