// The S5 generator's hand-encoded keystrokes are the bytes Yjs itself would send, so the servers under test
// integrate them like any editor's, and a state vector says exactly which of a client's edits a document holds.
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	firstStruct,
	keystrokeUpdate,
	readFrame,
	TEXT_NAME,
	updateFrame
} from '../../../bench/scenarios/s5/keystrokes.ts';

describe('pre-encoded keystrokes', () => {
	it('are byte for byte what Yjs sends for one character appended at a time', () => {
		const doc = new Y.Doc();
		doc.clientID = 3_735_928_559;
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const text = doc.getText(TEXT_NAME);
		for (let i = 0; i < 200; i++) text.insert(text.length, 'x');
		updates.forEach((update, clock) => expect(keystrokeUpdate(doc.clientID, clock)).toEqual(update));
	});

	it('leave a state vector that counts each client’s edits, two clients typing into one document', () => {
		const server = new Y.Doc();
		for (let clock = 0; clock < 50; clock++) {
			Y.applyUpdate(server, keystrokeUpdate(11, clock));
			Y.applyUpdate(server, keystrokeUpdate(22, clock));
		}
		expect(server.getText(TEXT_NAME).length).toBe(100);
		expect(Y.decodeStateVector(Y.encodeStateVector(server))).toEqual(
			new Map([
				[11, 50],
				[22, 50]
			])
		);
		expect(firstStruct(keystrokeUpdate(22, 7))).toEqual({ client: 22, clock: 7 });
	});

	it('read back a Hocuspocus frame and its acknowledgement', () => {
		const update = keystrokeUpdate(5, 0);
		expect(readFrame('hocuspocus', updateFrame('hocuspocus', 'doc', update))).toEqual({
			type: 'update',
			update
		});
		expect(readFrame('y-websocket', updateFrame('y-websocket', 'ignored', update))).toEqual({
			type: 'update',
			update
		});
		const ack = encoding.createEncoder();
		encoding.writeVarString(ack, 'doc');
		encoding.writeVarUint(ack, 8);
		encoding.writeVarUint(ack, 1);
		expect(readFrame('hocuspocus', encoding.toUint8Array(ack))).toEqual({ type: 'sync-status', saved: true });
	});
});
