// K observers tap into one observation at once over a simulated network that drops connections, keeps
// observers offline for a while, delivers messages late and in any interleaving, and reloads pages from
// the device's copy. Whatever happens, once everyone is back every replica holds exactly the taps that
// were made (less the ones their makers undid), and the same notes in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readObservation } from '../../../src/lib/domain/observation/read.ts';
import {
	addLibraryTool,
	addNote,
	recordTap,
	undoLastTap,
	type Stamp
} from '../../../src/lib/domain/observation/write.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const SERVER = Symbol('server');

interface Observer {
	user: string;
	doc: Y.Doc;
	/** The device's copy (IndexedDB): every update this replica has seen. */
	stored: Uint8Array[];
	online: boolean;
	/** Sent to the server, not yet arrived. */
	up: Uint8Array[];
	/** Sent by the server, not yet arrived. */
	down: Uint8Array[];
	/** Taps made and not undone, by this observer. */
	expectedTaps: number;
	notes: number;
}

type Op =
	| { type: 'tap'; who: number; code: 'open' | 'closed' }
	| { type: 'undo'; who: number }
	| { type: 'note'; who: number }
	| { type: 'disconnect'; who: number }
	| { type: 'reconnect'; who: number }
	| { type: 'reload'; who: number }
	| { type: 'deliverUp'; who: number; count: number }
	| { type: 'deliverDown'; who: number; count: number };

class Network {
	server = new Y.Doc();
	observers: Observer[] = [];
	clock = 0;

	constructor(count: number) {
		addLibraryTool(this.server, 'open-closed', this.stamp());
		// The server relays what one observer sent to everyone connected, as Hocuspocus does.
		this.server.on('update', (update: Uint8Array, origin: unknown) => {
			for (const observer of this.observers) {
				if (observer.online && origin !== observer) observer.down.push(update);
			}
		});
		const initial = Y.encodeStateAsUpdate(this.server);
		for (let i = 0; i < count; i++) {
			const observer: Observer = {
				user: `observer-${i}`,
				doc: new Y.Doc(),
				stored: [initial],
				online: true,
				up: [],
				down: [],
				expectedTaps: 0,
				notes: 0
			};
			this.attach(observer, initial);
			this.observers.push(observer);
		}
	}

	stamp(): Stamp {
		this.clock += 1 + (this.clock % 7);
		return { at: new Date(T0 + this.clock * 250), clock: 'server' };
	}

	attach(observer: Observer, state: Uint8Array) {
		Y.applyUpdate(observer.doc, state, SERVER);
		observer.doc.on('update', (update: Uint8Array, origin: unknown) => {
			observer.stored.push(update);
			if (origin !== SERVER && observer.online) observer.up.push(update);
		});
	}

	connect(observer: Observer) {
		observer.online = true;
		// The sync handshake: each side sends what the other lacks, as of now.
		observer.up.push(Y.encodeStateAsUpdate(observer.doc, Y.encodeStateVector(this.server)));
		observer.down.push(Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(observer.doc)));
	}

	apply(op: Op) {
		const observer = this.observers[op.who % this.observers.length] as Observer;
		switch (op.type) {
			case 'tap':
				recordTap(observer.doc, { tool: 'open-closed', code: op.code, by: observer.user }, this.stamp());
				observer.expectedTaps += 1;
				break;
			case 'undo':
				if (undoLastTap(observer.doc, observer.user)) observer.expectedTaps -= 1;
				break;
			case 'note':
				addNote(observer.doc, { text: `note ${this.clock}`, author: observer.user }, this.stamp());
				observer.notes += 1;
				break;
			case 'disconnect':
				// Whatever was in flight is lost; the next handshake sends it again.
				observer.online = false;
				observer.up = [];
				observer.down = [];
				break;
			case 'reconnect':
				if (!observer.online) this.connect(observer);
				break;
			case 'reload': {
				// The page reloads from the device's copy, with a new Yjs client id, and reconnects if it can.
				const wasOnline = observer.online;
				const state = Y.mergeUpdates(observer.stored);
				observer.doc.destroy();
				observer.doc = new Y.Doc();
				observer.online = false;
				observer.up = [];
				observer.down = [];
				observer.stored = [state];
				this.attach(observer, state);
				if (wasOnline) this.connect(observer);
				break;
			}
			case 'deliverUp':
				for (const update of observer.up.splice(0, op.count)) Y.applyUpdate(this.server, update, observer);
				break;
			case 'deliverDown':
				for (const update of observer.down.splice(0, op.count)) Y.applyUpdate(observer.doc, update, SERVER);
				break;
		}
	}

	settle() {
		for (const observer of this.observers) if (!observer.online) this.connect(observer);
		for (let round = 0; round < 100; round++) {
			let moved = false;
			for (const observer of this.observers) {
				if (observer.up.length > 0 || observer.down.length > 0) moved = true;
				for (const update of observer.up.splice(0)) Y.applyUpdate(this.server, update, observer);
				for (const update of observer.down.splice(0)) Y.applyUpdate(observer.doc, update, SERVER);
			}
			if (!moved) return;
		}
		throw new Error('the network never went quiet');
	}
}

const opArbitrary = (observers: number): fc.Arbitrary<Op> => {
	const who = fc.integer({ min: 0, max: observers - 1 });
	return fc.oneof(
		{
			weight: 6,
			arbitrary: fc.record({
				type: fc.constant('tap' as const),
				who,
				code: fc.constantFrom('open' as const, 'closed' as const)
			})
		},
		{ weight: 1, arbitrary: fc.record({ type: fc.constant('undo' as const), who }) },
		{ weight: 1, arbitrary: fc.record({ type: fc.constant('note' as const), who }) },
		{ weight: 1, arbitrary: fc.record({ type: fc.constant('disconnect' as const), who }) },
		{ weight: 1, arbitrary: fc.record({ type: fc.constant('reconnect' as const), who }) },
		{ weight: 1, arbitrary: fc.record({ type: fc.constant('reload' as const), who }) },
		{
			weight: 3,
			arbitrary: fc.record({
				type: fc.constant('deliverUp' as const),
				who,
				count: fc.integer({ min: 1, max: 4 })
			})
		},
		{
			weight: 3,
			arbitrary: fc.record({
				type: fc.constant('deliverDown' as const),
				who,
				count: fc.integer({ min: 1, max: 4 })
			})
		}
	);
};

describe('K observers tapping through drops, offline periods and reloads', () => {
	it('always converge to exactly the taps made', () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 2, max: 5 })
					.chain((k) => fc.tuple(fc.constant(k), fc.array(opArbitrary(k), { maxLength: 150 }))),
				([k, ops]) => {
					const network = new Network(k);
					for (const op of ops) network.apply(op);
					network.settle();

					const expected = network.observers.reduce((sum, o) => sum + o.expectedTaps, 0);
					const server = readObservation(network.server);
					expect(server.events).toHaveLength(expected);
					for (const observer of network.observers) {
						expect(server.events.filter((e) => e.by === observer.user)).toHaveLength(observer.expectedTaps);
						expect(server.notes.filter((n) => n.author === observer.user)).toHaveLength(observer.notes);
					}
					const serverView = JSON.stringify(server);
					for (const observer of network.observers) {
						expect(JSON.stringify(readObservation(observer.doc))).toBe(serverView);
					}
				}
			),
			{ numRuns: 300 }
		);
	});
});
