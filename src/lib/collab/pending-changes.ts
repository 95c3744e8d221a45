// Which of an observation's notes and taps the server does not have yet, counted from the document
// itself so that the count survives a reload while offline (the provider's own counter starts again at
// every connection and knows nothing of changes made before the page loaded).
//
// The device remembers the server's state vector as it last knew it (`acked`): everything, once the
// provider reports that the server acknowledged every change; plus, after that, whatever arrives from the
// server. A note or tap whose Yjs id lies beyond it was made on this device and is still waiting.
import * as Y from 'yjs';
import { rootArray } from '../domain/action-steps.ts';
import { EVENTS_ROOT, NOTES_ROOT } from '../domain/observation/model.ts';

export type StateVector = Map<number, number>;

export interface PendingCount {
	notes: number;
	taps: number;
	/** Other content beyond what the server has (tools, start and stop, text in the body). */
	otherContent: boolean;
}

function covered(acked: StateVector, item: Y.Item | null): boolean {
	if (!item) return true;
	return (acked.get(item.id.client) ?? 0) > item.id.clock;
}

function countRoot(doc: Y.Doc, name: string, acked: StateVector): number {
	// Typed through the domain's helper: a root that only arrived in an update is not a Y.Array yet.
	const root = rootArray(doc, name, false);
	if (!root) return 0;
	let count = 0;
	root.forEach((entry: unknown) => {
		if (entry instanceof Y.Map && !covered(acked, entry._item)) count += 1;
	});
	return count;
}

export function countPending(doc: Y.Doc, acked: StateVector): PendingCount {
	const notes = countRoot(doc, NOTES_ROOT, acked);
	const taps = countRoot(doc, EVENTS_ROOT, acked);
	// Each note or tap is several structs; anything beyond them is some other change.
	let beyond = 0;
	for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
		beyond += Math.max(0, clock - (acked.get(client) ?? 0));
	}
	return { notes, taps, otherContent: beyond > 0 && notes + taps === 0 };
}

export function emptyVector(): StateVector {
	return new Map();
}

/** The clients a transaction moved forward, and how far: what it brought in. */
export function movedBy(transaction: Y.Transaction): StateVector {
	const moved: StateVector = new Map();
	for (const [client, clock] of transaction.afterState) {
		if ((transaction.beforeState.get(client) ?? 0) < clock) moved.set(client, clock);
	}
	return moved;
}

/** `acked` moved forward to include `state` (what the server is now known to hold). */
export function advance(acked: StateVector, state: ReadonlyMap<number, number>): StateVector {
	let next: StateVector | null = null;
	for (const [client, clock] of state) {
		if ((acked.get(client) ?? 0) >= clock) continue;
		next ??= new Map(acked);
		next.set(client, clock);
	}
	return next ?? acked;
}

export function encodeVector(vector: StateVector): string {
	return JSON.stringify([...vector]);
}

export function decodeVector(raw: unknown): StateVector | null {
	if (typeof raw !== 'string') return null;
	try {
		const entries: unknown = JSON.parse(raw);
		if (!Array.isArray(entries)) return null;
		const vector: StateVector = new Map();
		for (const entry of entries) {
			if (!Array.isArray(entry) || entry.length !== 2) return null;
			const [client, clock] = entry as unknown[];
			if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) return null;
			vector.set(client as number, clock as number);
		}
		return vector;
	} catch {
		return null;
	}
}

function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** "3 notes and 5 taps", "1 tap", "changes" (some other change), or null when nothing is waiting. */
export function describePending(count: PendingCount, unsentTransactions = 0): string | null {
	const parts: string[] = [];
	if (count.notes > 0) parts.push(plural(count.notes, 'note', 'notes'));
	if (count.taps > 0) parts.push(plural(count.taps, 'tap', 'taps'));
	if (parts.length > 0) return parts.join(' and ');
	return count.otherContent || unsentTransactions > 0 ? 'changes' : null;
}
