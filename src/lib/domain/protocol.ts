// A PLC protocol's timed phases and its shared timer, in the document's Y.Doc: root `Y.Map` `protocol`
// holding `phases` (`Y.Array` of `Y.Map` {id, name, minutes}) and `timer`, one plain value
// {phaseId, startedAt, elapsedBeforeMs, running} written whole, so two people pressing Start and Pause at
// once leave one consistent timer (the last write wins as a unit), never a mix of both.
// Times are on the server's clock (see collab/server-clock), so every member's countdown agrees.
import * as Y from 'yjs';
import { removeEntriesWithId, rootMap } from './action-steps.ts';

export const PROTOCOL_ROOT = 'protocol';
export const PHASE_NAME_MAX = 80;
export const PHASE_MINUTES_MAX = 180;

export interface Phase {
	id: string;
	name: string;
	minutes: number;
}

export interface TimerValue {
	phaseId: string | null;
	/** Server-clock ms when the running stretch began; null while paused or stopped. */
	startedAt: number | null;
	/** Time already spent in this phase before the running stretch. */
	elapsedBeforeMs: number;
	running: boolean;
}

export interface Protocol {
	phases: Phase[];
	timer: TimerValue;
}

export const STOPPED: TimerValue = { phaseId: null, startedAt: null, elapsedBeforeMs: 0, running: false };

/** A protocol many PLCs use for looking at student work together. */
export const DEFAULT_PHASES: readonly Omit<Phase, 'id'>[] = [
	{ name: 'Presenter shares the work', minutes: 10 },
	{ name: 'Clarifying questions', minutes: 5 },
	{ name: 'Warm and cool feedback', minutes: 15 },
	{ name: 'Presenter reflects', minutes: 10 }
];

function protocolMap(doc: Y.Doc, create: boolean): Y.Map<unknown> | null {
	return rootMap(doc, PROTOCOL_ROOT, create);
}

function phasesArray(doc: Y.Doc, create: boolean): Y.Array<unknown> | null {
	const map = protocolMap(doc, create);
	if (!map) return null;
	const existing = map.get('phases');
	if (existing instanceof Y.Array) return existing;
	if (!create || existing !== undefined) return null;
	const array = new Y.Array<unknown>();
	map.set('phases', array);
	return array;
}

function cleanName(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const name = value.replace(/\s+/g, ' ').trim().slice(0, PHASE_NAME_MAX);
	return name === '' ? null : name;
}

function cleanMinutes(value: unknown): number | null {
	const minutes = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(minutes)) return null;
	return Math.min(Math.max(Math.round(minutes), 1), PHASE_MINUTES_MAX);
}

function readTimer(value: unknown, phases: Phase[]): TimerValue {
	if (typeof value !== 'object' || value === null) return STOPPED;
	const raw = value as Record<string, unknown>;
	const phaseId =
		typeof raw.phaseId === 'string' && phases.some((p) => p.id === raw.phaseId) ? raw.phaseId : null;
	if (!phaseId) return STOPPED;
	const running = raw.running === true && typeof raw.startedAt === 'number' && Number.isFinite(raw.startedAt);
	const elapsed =
		typeof raw.elapsedBeforeMs === 'number' && raw.elapsedBeforeMs >= 0 ? raw.elapsedBeforeMs : 0;
	return {
		phaseId,
		startedAt: running ? (raw.startedAt as number) : null,
		elapsedBeforeMs: elapsed,
		running
	};
}

/** The protocol as it stands; never throws, whatever a client wrote. */
export function readProtocol(doc: Y.Doc): Protocol {
	const phases: Phase[] = [];
	const seen = new Set<string>();
	phasesArray(doc, false)?.forEach((entry) => {
		if (!(entry instanceof Y.Map)) return;
		const id: unknown = entry.get('id');
		const name = cleanName(entry.get('name'));
		const minutes = cleanMinutes(entry.get('minutes'));
		if (typeof id !== 'string' || id === '' || seen.has(id) || name === null || minutes === null) return;
		seen.add(id);
		phases.push({ id, name, minutes });
	});
	return { phases, timer: readTimer(protocolMap(doc, false)?.get('timer'), phases) };
}

export function addPhase(
	doc: Y.Doc,
	input: { name: string; minutes: number },
	id = crypto.randomUUID()
): string {
	const name = cleanName(input.name);
	const minutes = cleanMinutes(input.minutes);
	if (name === null) throw new RangeError('A phase needs a name.');
	if (minutes === null) throw new RangeError('A phase lasts a whole number of minutes.');
	doc.transact(() => {
		const array = phasesArray(doc, true);
		if (!array) throw new Error('This document’s protocol cannot hold phases.');
		const phase = new Y.Map<unknown>();
		phase.set('id', id);
		phase.set('name', name);
		phase.set('minutes', minutes);
		array.push([phase]);
	});
	return id;
}

/** Fills an empty protocol with the default phases (used when a protocol document is created). */
export function seedDefaultPhases(doc: Y.Doc): void {
	doc.transact(() => {
		for (const phase of DEFAULT_PHASES) addPhase(doc, phase);
	});
}

/**
 * An empty phase list (a new agenda's timed items), made once on the server. Without it, two members who
 * add the first phase at the same moment would each create a list, and only one list survives the merge.
 */
export function seedEmptyProtocol(doc: Y.Doc): void {
	doc.transact(() => {
		phasesArray(doc, true);
	});
}

export function updatePhase(
	doc: Y.Doc,
	id: string,
	patch: Partial<{ name: string; minutes: number }>
): boolean {
	const entry = phasesArray(doc, false)
		?.toArray()
		.find((e): e is Y.Map<unknown> => e instanceof Y.Map && e.get('id') === id);
	if (!entry) return false;
	const name = patch.name === undefined ? undefined : cleanName(patch.name);
	const minutes = patch.minutes === undefined ? undefined : cleanMinutes(patch.minutes);
	if (name === null) throw new RangeError('A phase needs a name.');
	if (minutes === null) throw new RangeError('A phase lasts a whole number of minutes.');
	doc.transact(() => {
		if (name !== undefined && entry.get('name') !== name) entry.set('name', name);
		if (minutes !== undefined && entry.get('minutes') !== minutes) entry.set('minutes', minutes);
	});
	return true;
}

export function removePhase(doc: Y.Doc, id: string): boolean {
	return removeEntriesWithId(doc, phasesArray(doc, false), id);
}

/** Moves a phase one place up (-1) or down (+1). */
export function movePhase(doc: Y.Doc, id: string, direction: -1 | 1): boolean {
	const array = phasesArray(doc, false);
	if (!array) return false;
	const entries = array.toArray();
	const from = entries.findIndex((e) => e instanceof Y.Map && e.get('id') === id);
	const to = from + direction;
	if (from < 0 || to < 0 || to >= entries.length) return false;
	const source = entries[from] as Y.Map<unknown>;
	doc.transact(() => {
		// Y types cannot move: the phase is copied to its new place and the old entry removed.
		const copy = new Y.Map<unknown>();
		for (const [key, value] of source.entries()) copy.set(key, value);
		array.delete(from, 1);
		array.insert(to, [copy]);
	});
	return true;
}

function setTimer(doc: Y.Doc, timer: TimerValue): void {
	doc.transact(() => protocolMap(doc, true)?.set('timer', { ...timer }));
}

/** Starts a phase from its beginning. */
export function startPhase(doc: Y.Doc, phaseId: string, serverNow: number): void {
	if (!readProtocol(doc).phases.some((p) => p.id === phaseId)) return;
	setTimer(doc, { phaseId, startedAt: serverNow, elapsedBeforeMs: 0, running: true });
}

export function pause(doc: Y.Doc, serverNow: number): void {
	const { timer } = readProtocol(doc);
	if (!timer.running || timer.startedAt === null) return;
	setTimer(doc, {
		...timer,
		running: false,
		startedAt: null,
		elapsedBeforeMs: timer.elapsedBeforeMs + Math.max(0, serverNow - timer.startedAt)
	});
}

export function resume(doc: Y.Doc, serverNow: number): void {
	const { timer } = readProtocol(doc);
	if (timer.running || timer.phaseId === null) return;
	setTimer(doc, { ...timer, running: true, startedAt: serverNow });
}

/** Starts the phase after the current one (or the first); stops after the last. */
export function nextPhase(doc: Y.Doc, serverNow: number): void {
	const { phases, timer } = readProtocol(doc);
	const index = timer.phaseId === null ? -1 : phases.findIndex((p) => p.id === timer.phaseId);
	const next = phases[index + 1];
	if (next) startPhase(doc, next.id, serverNow);
	else setTimer(doc, STOPPED);
}

export function resetTimer(doc: Y.Doc): void {
	setTimer(doc, STOPPED);
}

export interface TimerState {
	phase: Phase | null;
	/** Index of the phase among the phases, or -1. */
	index: number;
	elapsedMs: number;
	/** Negative once the phase has run over. */
	remainingMs: number;
	overtime: boolean;
	running: boolean;
}

/** Where the timer stands at `serverNow`. */
export function timerState(protocol: Protocol, serverNow: number): TimerState {
	const { timer, phases } = protocol;
	const index = timer.phaseId === null ? -1 : phases.findIndex((p) => p.id === timer.phaseId);
	const phase = phases[index] ?? null;
	if (!phase)
		return { phase: null, index: -1, elapsedMs: 0, remainingMs: 0, overtime: false, running: false };
	const running = timer.running && timer.startedAt !== null;
	const elapsedMs =
		timer.elapsedBeforeMs + (running ? Math.max(0, serverNow - (timer.startedAt as number)) : 0);
	const remainingMs = phase.minutes * 60_000 - elapsedMs;
	return { phase, index, elapsedMs, remainingMs, overtime: remainingMs < 0, running };
}

/** "07:45", or "+01:20" once over time. */
export function formatCountdown(remainingMs: number): string {
	const over = remainingMs < 0;
	const seconds = Math.floor(Math.abs(remainingMs) / 1000) + (over ? 0 : remainingMs % 1000 > 0 ? 1 : 0);
	const text = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
	return over ? `+${text}` : text;
}
