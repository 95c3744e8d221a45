// The offline banner's count: which notes and taps the server does not have yet, counted from the
// document against the server's last known state vector, so that it survives a reload while offline.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	advance,
	countPending,
	decodeVector,
	describePending,
	emptyVector,
	encodeVector,
	movedBy,
	type StateVector
} from '../../../src/lib/collab/pending-changes.ts';
import {
	addLibraryTool,
	addNote,
	recordTap,
	startObservation,
	undoLastTap,
	type Stamp
} from '../../../src/lib/domain/observation/write.ts';

let clock = Date.parse('2026-03-02T09:00:00.000Z');
const stamp = (): Stamp => ({ at: new Date((clock += 1000)), clock: 'server' });
const vectorOf = (doc: Y.Doc): StateVector => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('pending notes and taps', () => {
	it('counts what was made here after the server’s last known state, and nothing the server sent', () => {
		const server = new Y.Doc();
		addLibraryTool(server, 'open-closed', stamp());
		const device = new Y.Doc();
		let acked = emptyVector();
		// What arrives from the server is on the server: the transaction says how far it went.
		device.on('afterTransaction', (transaction: Y.Transaction) => {
			if (transaction.origin === 'server') acked = advance(acked, movedBy(transaction));
		});
		Y.applyUpdate(device, Y.encodeStateAsUpdate(server), 'server');
		expect(countPending(device, acked)).toEqual({ notes: 0, taps: 0, otherContent: false });

		// Offline: three taps and a note on this device; a colleague's tap arrives from the server.
		for (const code of ['open', 'open', 'closed'])
			recordTap(device, { tool: 'open-closed', code, by: 'me' }, stamp());
		addNote(device, { text: 'Wait time', author: 'me' }, stamp());
		recordTap(server, { tool: 'open-closed', code: 'open', by: 'colleague' }, stamp());
		Y.applyUpdate(device, Y.encodeStateAsUpdate(server, Y.encodeStateVector(device)), 'server');
		expect(countPending(device, acked)).toEqual({ notes: 1, taps: 3, otherContent: false });
		expect(describePending(countPending(device, acked))).toBe('1 note and 3 taps');

		// A reload: the device copy comes back as one update under a new client id; the stored vector still
		// says what the server had, so the count is the same.
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(device), 'device copy');
		const stored = decodeVector(encodeVector(acked));
		expect(stored).not.toBeNull();
		expect(countPending(reloaded, stored!)).toEqual({ notes: 1, taps: 3, otherContent: false });
		undoLastTap(reloaded, 'me');
		expect(countPending(reloaded, stored!).taps).toBe(2);

		// Back online, everything acknowledged: nothing waits.
		Y.applyUpdate(server, Y.encodeStateAsUpdate(reloaded, Y.encodeStateVector(server)));
		const all = advance(stored!, vectorOf(reloaded));
		expect(countPending(reloaded, all)).toEqual({ notes: 0, taps: 0, otherContent: false });
		expect(describePending(countPending(reloaded, all))).toBeNull();
	});

	it('says “changes” for anything else that waits', () => {
		const doc = new Y.Doc();
		const acked = vectorOf(doc);
		startObservation(doc, stamp(), 'me');
		expect(countPending(doc, acked)).toEqual({ notes: 0, taps: 0, otherContent: true });
		expect(describePending(countPending(doc, acked))).toBe('changes');
		expect(describePending({ notes: 0, taps: 0, otherContent: false }, 2)).toBe('changes');
		expect(describePending({ notes: 2, taps: 1, otherContent: false })).toBe('2 notes and 1 tap');
	});

	it('reads a stored vector defensively', () => {
		expect(decodeVector(undefined)).toBeNull();
		expect(decodeVector('not json')).toBeNull();
		expect(decodeVector('[[1,"x"]]')).toBeNull();
		expect(decodeVector('{"a":1}')).toBeNull();
		expect(decodeVector('[[1,2],[3,4]]')).toEqual(
			new Map([
				[1, 2],
				[3, 4]
			])
		);
		const same = new Map([[1, 5]]);
		expect(advance(same, new Map([[1, 3]]))).toBe(same);
		expect(advance(same, new Map([[1, 7]]))).toEqual(new Map([[1, 7]]));
	});
});
