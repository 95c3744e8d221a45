// The goal document's structured part (docs/design.md §6): `Y.Map` `goal`, `Y.Map` `peers` and `Y.Array`
// `measurements` of `Y.Map`. Like action steps, reading tolerates anything a collaborator may have
// written and never throws; each measurement is its own array element, so measurements added at the
// same time by two people are both kept.
//
// The statement and the metric are written together, so each is a root `Y.Text` (`goalStatement`,
// `goalMetric`) that merges like the body: a root type is one per name, so two people who start the same
// empty field at once share one text instead of one replacing the other's. Documents of schema version 1
// kept them as strings in `goal`; the server converts those at load (document-shape.ts), and reading
// still accepts them. Baseline, target and due date stay single values in `goal`; each write is also
// recorded in `goalChanges`, so a value someone else changed meanwhile is shown to both, never dropped
// without a word.
import * as Y from 'yjs';
import { removeEntriesWithId, rootArray, rootMap, rootText } from './action-steps.ts';
import { isCalendarDate } from './calendar-date.ts';
import { parseGoalAmount, readGoalAmount } from './goal-amount.ts';

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
	/** The number charts and progress use ("3 of 24 students" is 3); null when unset or unreadable. */
	baseline: number | null;
	target: number | null;
	/** As typed ("35%", "3 of 24 students"), '' when unset. */
	baselineText: string;
	targetText: string;
	/** 'YYYY-MM-DD' */
	due: string | null;
}

export type GoalTextKey = 'statement' | 'metric';
export type GoalValueKey = 'baseline' | 'target' | 'due';

/** One write of a single-value field, as recorded in `goalChanges`. */
export interface GoalChange {
	field: GoalValueKey;
	/** As written: the typed amount or date, '' for cleared. */
	value: string;
	byId: string;
	byName: string;
	/** Milliseconds since the epoch, on the writer's clock. */
	at: number;
}

export interface Writer {
	id: string;
	name: string;
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
	/** Every recorded write of baseline, target and due, in the document's order; unreadable ones skipped. */
	changes: GoalChange[];
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
export const GOAL_CHANGES_ROOT = 'goalChanges';
export const GOAL_TEXT_ROOTS: Record<GoalTextKey, string> = {
	statement: 'goalStatement',
	metric: 'goalMetric'
};
const GOAL_CHANGE_NAME_MAX = 200;

/** The shared text behind the statement or metric; null only when that root was written as another type. */
export function goalText(doc: Y.Doc, key: GoalTextKey): Y.Text | null {
	return rootText(doc, GOAL_TEXT_ROOTS[key], true);
}

/** The statement or metric: the shared text, or the string an unconverted (version 1) document kept. */
function readGoalText(doc: Y.Doc, goal: Y.Map<unknown> | null, key: GoalTextKey): string {
	const shared = rootText(doc, GOAL_TEXT_ROOTS[key], false)?.toString() ?? '';
	return (shared !== '' ? shared : readString(goal?.get(key))).trim();
}

function readChange(entry: unknown): GoalChange | null {
	if (typeof entry !== 'object' || entry === null || entry instanceof Y.AbstractType) return null;
	const { field, value, byId, byName, at } = entry as Record<string, unknown>;
	if (field !== 'baseline' && field !== 'target' && field !== 'due') return null;
	if (typeof value !== 'string' || typeof byId !== 'string' || typeof byName !== 'string') return null;
	if (typeof at !== 'number' || !Number.isFinite(at)) return null;
	return { field, value, byId, byName: byName.slice(0, GOAL_CHANGE_NAME_MAX), at };
}

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
	const baseline = readGoalAmount(goal?.get('baseline'));
	const target = readGoalAmount(goal?.get('target'));
	const fields: GoalFields = {
		statement: readGoalText(doc, goal, 'statement'),
		metric: readGoalText(doc, goal, 'metric'),
		baseline: baseline?.value ?? null,
		target: target?.value ?? null,
		baselineText: baseline?.text ?? '',
		targetText: target?.text ?? '',
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

	const changes: GoalChange[] = [];
	rootArray(doc, GOAL_CHANGES_ROOT, false)?.forEach((entry) => {
		const change = readChange(entry);
		if (change) changes.push(change);
	});

	return { fields, peers, measurements, changes };
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

/**
 * Writes one field (only when it changes). The statement and metric are replaced whole (seeds, the
 * server); people type into them through a binding to `goalText`. Baseline and target take what a coach
 * types ("35%", "3 of 24 students") or a number; with `by`, the write is recorded in `goalChanges`.
 * Throws a RangeError for an unreadable amount or a malformed date.
 */
export function setGoalField(
	doc: Y.Doc,
	key: keyof Pick<GoalFields, GoalTextKey | GoalValueKey>,
	value: string | number | null,
	by?: Writer
): void {
	if (key === 'statement' || key === 'metric') {
		if (typeof value !== 'string') throw new RangeError(`The goal's ${key} must be text.`);
		const text = goalText(doc, key);
		if (!text) throw new Error('This document’s goal is damaged and cannot be edited.');
		if (text.toString() === value) return;
		doc.transact(() => {
			text.delete(0, text.length);
			text.insert(0, value);
		});
		return;
	}
	let stored: string | number | null;
	if (key === 'baseline' || key === 'target') {
		stored = checkedAmount(value, `The goal’s ${key}`);
	} else if (key === 'due') {
		stored = value === null || value === '' ? null : checkedDate(String(value), 'The goal’s due date');
	} else {
		throw new RangeError(`Not a goal field: ${String(key)}`);
	}
	const goal = goalMap(doc, true);
	if (!goal) throw new Error('This document’s goal is damaged and cannot be edited.');
	if ((goal.get(key) ?? null) === stored) return;
	const changes = by ? rootArray(doc, GOAL_CHANGES_ROOT, true) : null;
	doc.transact(() => {
		goal.set(key, stored);
		if (by && changes) {
			const change: GoalChange = {
				field: key,
				value: stored === null ? '' : String(stored),
				byId: by.id,
				byName: by.name.slice(0, GOAL_CHANGE_NAME_MAX),
				at: Date.now()
			};
			changes.push([change]);
		}
	});
}

/** A baseline or target to store: a finite number, or the typed text when it reads as an amount. */
function checkedAmount(value: string | number | null, what: string): string | number | null {
	if (value === null) return null;
	if (typeof value === 'number') return checkedNumber(value, what);
	if (typeof value !== 'string') throw new RangeError(`${what} must be a number or text.`);
	const reading = parseGoalAmount(value);
	if (!reading.ok) throw new RangeError(reading.error);
	return reading.amount?.text ?? null;
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

/** How a measurement's `source` is shown to people. */
export function measurementSourceLabel(source: string): string {
	if (source === 'manual') return 'Entered';
	if (source === 'final') return 'Final';
	if (source.startsWith('observation:')) return 'From observation';
	return 'Other';
}
