// Updates queued while offline are dropped when the socket opens: the re-sync carries them instead.
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isQueuedUpdate, resyncInsteadOfReplay } from '../../../src/lib/collab/resync-instead-of-replay.ts';

function frame(type: number, syncType?: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'doc:1');
	encoding.writeVarUint(encoder, type);
	if (syncType !== undefined) encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]));
	return encoding.toUint8Array(encoder);
}

describe('resyncInsteadOfReplay', () => {
	it('knows a document update from the other frames a provider queues', () => {
		expect(isQueuedUpdate(frame(0, 2))).toBe(true);
		expect(isQueuedUpdate(frame(0, 0))).toBe(false); // sync step 1
		expect(isQueuedUpdate(frame(0, 1))).toBe(false); // sync step 2
		expect(isQueuedUpdate(frame(1))).toBe(false); // awareness
		expect(isQueuedUpdate('text')).toBe(false);
		expect(isQueuedUpdate(new Uint8Array([0xff]))).toBe(false);
	});

	it('drops queued updates when the socket opens and keeps the rest', () => {
		const socket = new HocuspocusProviderWebsocket({
			url: 'ws://127.0.0.1:9',
			autoConnect: false,
			WebSocketPolyfill: WebSocket
		});
		resyncInsteadOfReplay(socket);
		const awareness = frame(1);
		// Sent while not connected: queued, as the provider does while offline.
		socket.send(frame(0, 2));
		socket.send(awareness);
		socket.send(frame(0, 2));
		// What the socket emits when it opens; emit() is protected, so through the type it really has.
		(socket as unknown as { emit(event: string, payload: unknown): void }).emit('open', {});
		expect((socket as unknown as { messageQueue: unknown[] }).messageQueue).toEqual([awareness]);
		socket.destroy();
	});
});
