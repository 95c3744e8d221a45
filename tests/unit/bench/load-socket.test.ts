// The bench's load sockets count deliveries from raw frames. A counting mistake would pass for a fast or slow
// server, so: batched updates count once per other client, echoes not at all, and the hand-written websocket
// reads every frame whatever the chunking.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import {
	classify,
	encodeKeystrokes,
	Framer,
	Received,
	type Classified
} from '../../../bench/generator/frames.ts';
import { clientFrame, LiteSocket } from '../../../bench/generator/lite-socket.ts';

const out: Classified = { kind: Received.Other, updates: 0 };

function probeUpdate(clientId: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	let update: Uint8Array = new Uint8Array();
	doc.on('update', (u: Uint8Array) => (update = u));
	doc.transact(() => {
		doc.getText('text').insert(0, 'x');
		doc.getMap('stamps').set(String(clientId), 1234.5678);
		doc.getMap('meta').set('nested', { list: [1, 'two', null, true], big: 2 ** 40 });
	});
	return update;
}

describe('classify', () => {
	for (const protocol of ['hocuspocus', 'y-websocket'] as const) {
		const framer = new Framer(protocol, 'a1b2c3d4-0000-4000-8000-000000000000');

		it(`${protocol}: a merged batch counts one delivery per other client in it`, () => {
			const [first] = encodeKeystrokes(11, 1);
			const [, second] = encodeKeystrokes(22, 2);
			const merged = Y.mergeUpdates([first!, second!, probeUpdate(33)]);
			expect(classify(protocol, framer.update(merged), 99, out)).toEqual({
				kind: Received.Update,
				updates: 3
			});
			for (const own of [11, 22, 33])
				expect(classify(protocol, framer.update(merged), own, out)).toEqual({
					kind: Received.Update,
					updates: 2
				});
		});

		it(`${protocol}: the sender's own update coming back is an echo`, () => {
			expect(classify(protocol, framer.update(probeUpdate(33)), 33, out).kind).toBe(Received.Echo);
			expect(classify(protocol, framer.update(probeUpdate(33)), 34, out)).toEqual({
				kind: Received.Update,
				updates: 1
			});
		});

		it(`${protocol}: awareness and sync step 2 are told apart`, () => {
			expect(classify(protocol, framer.awareness(5, 1, { cursor: 1 }), 5, out).kind).toBe(Received.Awareness);
			const e = encoding.createEncoder();
			if (protocol === 'hocuspocus') encoding.writeVarString(e, 'a1b2c3d4-0000-4000-8000-000000000000');
			encoding.writeVarUint(e, 0); // sync
			encoding.writeVarUint(e, 1); // step 2
			encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
			const bytes = encoding.toUint8Array(e);
			expect(classify(protocol, bytes, 5, out).kind).toBe(Received.SyncStep2);
		});

		it(`${protocol}: reads a frame in place inside a larger buffer`, () => {
			const frame = framer.update(Y.mergeUpdates([encodeKeystrokes(1, 1)[0]!, encodeKeystrokes(2, 1)[0]!]));
			const buffer = new Uint8Array(frame.length + 20).fill(0xff);
			buffer.set(frame, 10);
			expect(classify(protocol, buffer, 7, out, 10, 10 + frame.length)).toEqual({
				kind: Received.Update,
				updates: 2
			});
		});
	}
});

describe('LiteSocket', () => {
	let http: Server | undefined;
	afterEach(() => new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve())));

	it('receives every frame whatever its size, answers pings, and is read by a ws server', async () => {
		http = createServer();
		const wss = new WebSocketServer({ server: http });
		await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
		const sizes = [0, 1, 125, 126, 127, 1000, 65_535, 65_536, 200_000, ...Array(500).fill(40)];
		const fromClient: Buffer[] = [];
		wss.on('connection', (socket, request) => {
			expect(request.headers.cookie).toBe('session=abc');
			socket.on('message', (data: Buffer) => fromClient.push(data));
			socket.ping();
			for (const [i, size] of sizes.entries()) socket.send(Buffer.alloc(size, i % 256));
		});

		const received: number[] = [];
		let pongs = 0;
		const client = new LiteSocket({
			frame: (data, start, end) => {
				const size = end - start;
				const i = received.length;
				if (size > 0) expect(data[start]).toBe(i % 256);
				received.push(size);
			},
			close: () => {}
		});
		wss.on('connection', (socket) => socket.on('pong', () => (pongs += 1)));
		const { port } = http.address() as AddressInfo;
		await client.connect(`ws://127.0.0.1:${port}/room`, { cookie: 'session=abc' });
		client.send(clientFrame(new Uint8Array([1, 2, 3])));
		client.send(clientFrame(new Uint8Array(70_000).fill(7)));

		const deadline = Date.now() + 5000;
		while ((received.length < sizes.length || fromClient.length < 2 || pongs < 1) && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 10));
		expect(received).toEqual(sizes);
		expect(fromClient.map((b) => b.length)).toEqual([3, 70_000]);
		expect([...fromClient[0]!]).toEqual([1, 2, 3]);
		expect(pongs).toBe(1);
		client.terminate();
		for (const socket of wss.clients) socket.terminate();
		wss.close();
	});
});
