// What a socket may do before it authenticates (server/collaboration/pre-auth-gate.ts): small frames and
// few of them, a few seconds to authenticate, and a small number of such sockets per client address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/domain/close-codes.ts';
import { joinRaw, peerOn, type RawPeer } from '../faults/support/raw-peer.ts';
import {
	MessageType,
	authFrame,
	openRawSocket,
	syncStep1Frame,
	updateFrame
} from '../faults/support/wire.ts';
import { backends } from '../support/backends.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PER_ADDRESS = 64;

function textUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('probe').insert(0, text);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** The state vector of a document that thousands of browser sessions have edited over a year. */
function longLivedStateVector(clients: number): Uint8Array<ArrayBuffer> {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, clients);
	for (let i = 0; i < clients; i++) {
		encoding.writeVarUint(encoder, 1_000_000 + i * 7919);
		encoding.writeVarUint(encoder, 100 + i);
	}
	return new Uint8Array(encoding.toUint8Array(encoder));
}

const closedWithin = (peer: RawPeer, ms: number) =>
	Promise.race([peer.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

describe.each(backends)('before authentication (%s)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	let documentId: string;
	beforeAll(async () => {
		server = await startTestServer(backend, { TRUST_PROXY: 'loopback' });
		owner = await signUp(server.url, { workspace: 'Gatehouse Elementary' });
		documentId = await createWorkspaceDocument(owner, 'Gate');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const anonymous = (forwardedFor?: string) =>
		openRawSocket(server.wsUrl, { origin: server.url, ...(forwardedFor ? { forwardedFor } : {}) }).then(
			peerOn
		);

	it('closes a socket that has not authenticated within five seconds, with the pre-auth code', async () => {
		const started = Date.now();
		const silent = await anonymous('198.51.100.1');
		expect(await closedWithin(silent, 8000)).toBe(CloseCode.PreAuthLimit);
		expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
	});

	it('refuses a frame over 4 KiB before authentication from its header', async () => {
		const peer = await anonymous('198.51.100.2');
		peer.send(updateFrame(documentId, textUpdate('x'.repeat(5000))));
		expect(await closedWithin(peer, 2000)).toBe(CloseCode.MessageTooBig);
	});

	it('closes a socket that sends more than 24 small frames before authenticating', async () => {
		const peer = await anonymous('198.51.100.3');
		for (let i = 0; i < 30; i++) peer.send(syncStep1Frame(documentId));
		expect(await closedWithin(peer, 2000)).toBe(CloseCode.PreAuthLimit);
	});

	it('lets 64 unauthenticated sockets wait per address, answers 429 to the next, and counts addresses apart', async () => {
		const waiting = await Promise.all(Array.from({ length: PER_ADDRESS }, () => anonymous('203.0.113.7')));
		await expect(anonymous('203.0.113.7')).rejects.toThrow(/429/);
		// Another address, and another school behind the same proxy, are not affected.
		const neighbour = await anonymous('203.0.113.8');
		expect(neighbour.isOpen()).toBe(true);
		// One leaves: its place is free again.
		waiting[0]?.socket.close();
		await waiting[0]?.closed;
		const next = await anonymous('203.0.113.7');
		expect(next.isOpen()).toBe(true);
		for (const peer of [...waiting, neighbour, next]) peer.socket.terminate();
	});

	it('a signed-in socket outlives the clock and may send large frames once authenticated', async () => {
		// Fill this address's allowance first: an authenticated socket no longer counts against it.
		const writer = await joinRaw(server.wsUrl, documentId, {
			cookie: owner.client.cookieHeader,
			origin: server.url
		});
		const waiting = await Promise.all(Array.from({ length: PER_ADDRESS }, () => anonymous()));
		await new Promise((resolve) => setTimeout(resolve, 5500));
		expect(writer.isOpen()).toBe(true);
		const acknowledged = new Promise<void>((resolve) => {
			writer.onFrame((frame) => {
				if (frame.type === MessageType.SyncStatus && frame.synced) resolve();
			});
		});
		writer.send(updateFrame(documentId, textUpdate('y'.repeat(100_000))));
		await acknowledged;
		expect(writer.isOpen()).toBe(true);
		expect(waiting.every((peer) => peer.closeCode() === CloseCode.PreAuthLimit)).toBe(true);
		writer.socket.terminate();
	});

	it('takes a large sync step 1 right after the auth frame, as the provider sends it', async () => {
		const stateVector = longLivedStateVector(3000);
		expect(stateVector.byteLength).toBeGreaterThan(16 * 1024);
		const peer = await openRawSocket(server.wsUrl, {
			cookie: owner.client.cookieHeader,
			origin: server.url
		}).then(peerOn);
		const synced = new Promise<void>((resolve) => {
			peer.onFrame((frame) => {
				if ((frame.type === MessageType.Sync || frame.type === MessageType.SyncReply) && frame.syncStep === 1)
					resolve();
			});
		});
		peer.send(authFrame(documentId));
		peer.send(syncStep1Frame(documentId, stateVector));
		await synced;
		expect(peer.isOpen()).toBe(true);
		peer.socket.terminate();
	});

	it('an auth frame without a session is still answered 4401, not held', async () => {
		const peer = await anonymous('198.51.100.9');
		peer.send(authFrame(documentId));
		expect(await closedWithin(peer, 3000)).toBe(CloseCode.NotAuthenticated);
	});
});
