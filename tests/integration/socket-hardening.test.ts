// Garbage, oversized frames and crafted updates: the offender is disconnected, everyone else works on.
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { yjs687Vectors } from '../fixtures/yjs-687-vectors.ts';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

function authFrame(documentId: string): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, documentId);
	encoding.writeVarUint(e, 2); // Auth
	encoding.writeVarUint(e, 0); // token
	encoding.writeVarString(e, '');
	encoding.writeVarString(e, '4.8.0');
	return encoding.toUint8Array(e);
}

function syncFrame(documentId: string, syncType: number, payload: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, documentId);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, syncType);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

/** A pseudo-random generator so a failing run can be replayed from its seed. */
function prng(seed: number) {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 2 ** 32;
	};
}

function openRaw(server: TestServer, cookie: string): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(server.wsUrl, { headers: { cookie, origin: server.url } });
		socket.once('open', () => resolve(socket));
		socket.once('error', reject);
	});
}

describe.each(backends)('socket hardening (%s)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	let victimDoc: string;
	let canaryDoc: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Hardened School' });
		victimDoc = await createWorkspaceDocument(owner, 'Target');
		canaryDoc = await createWorkspaceDocument(owner, 'Canary');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('closes a socket that sends a frame over 2 MiB with 1009', async () => {
		const socket = await openRaw(server, owner.client.cookieHeader);
		const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
		socket.send(syncFrame(victimDoc, 2, randomBytes(2 * 1024 * 1024 + 16)));
		expect(await closed).toBe(1009);
	});

	it('disconnects a client that sends a malformed frame, and only that client', async () => {
		const bystander = connectClient({
			wsUrl: server.wsUrl,
			documentId: victimDoc,
			cookie: owner.client.cookieHeader
		});
		await bystander.authenticated;
		await waitFor(() => bystander.provider.isSynced, 10_000, 'bystander sync');
		for (const garbage of [
			syncFrame(victimDoc, 9, new Uint8Array([1, 2, 3])),
			syncFrame(victimDoc, 2, yjs687Vectors.tooManyUpdatesV1 as Uint8Array)
		]) {
			const socket = await openRaw(server, owner.client.cookieHeader);
			const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
			socket.send(authFrame(victimDoc));
			await new Promise((resolve) => setTimeout(resolve, 100));
			socket.send(garbage);
			const started = Date.now();
			expect(await closed).toBe(4400);
			expect(Date.now() - started).toBeLessThan(1000);
		}
		bystander.doc.getText('probe').insert(0, 'unbothered');
		await bystander.allSaved(5000);
		bystander.destroy();
	});

	it('survives 2,000 random and mutated frames, including the yjs#687 payloads', async () => {
		const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
		console.log(`frame fuzz: seed ${seed}`);
		const random = prng(seed);
		const canary = connectClient({
			wsUrl: server.wsUrl,
			documentId: canaryDoc,
			cookie: owner.client.cookieHeader
		});
		await canary.authenticated;
		await waitFor(() => canary.provider.isSynced, 10_000, 'canary sync');

		const validDoc = new Y.Doc();
		validDoc.getText('probe').insert(0, 'valid text');
		const valid = Y.encodeStateAsUpdate(validDoc);
		const payloads = (): Uint8Array => {
			const pick = random();
			if (pick < 0.15) return Object.values(yjs687Vectors)[Math.floor(random() * 5)] as Uint8Array;
			if (pick < 0.5) {
				const mutated = Uint8Array.from(valid);
				for (let i = 0; i < 1 + random() * 4; i++)
					mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
				return mutated;
			}
			return randomBytes(Math.floor(random() * 64));
		};

		let sent = 0;
		const sockets = 10;
		const perSocket = 200;
		await Promise.all(
			Array.from({ length: sockets }, async () => {
				let socket = await openRaw(server, owner.client.cookieHeader);
				socket.send(authFrame(victimDoc));
				for (let i = 0; i < perSocket; i++) {
					if (socket.readyState !== WebSocket.OPEN) {
						socket = await openRaw(server, owner.client.cookieHeader);
						socket.send(authFrame(victimDoc));
					}
					const kind = random();
					if (kind < 0.6) socket.send(syncFrame(victimDoc, random() < 0.5 ? 2 : 1, payloads()));
					else if (kind < 0.8) socket.send(randomBytes(1 + Math.floor(random() * 40)));
					else if (kind < 0.9) socket.send('not binary at all \u0000\uffff');
					else socket.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
					sent++;
					if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
				}
				socket.terminate();
			})
		);
		expect(sent).toBe(sockets * perSocket);

		// The server is the same process and answers, and the canary's edits still round-trip.
		expect(server.process().exitCode).toBeNull();
		const started = Date.now();
		canary.doc.getText('probe').insert(0, 'still alive');
		await canary.allSaved(5000);
		expect(Date.now() - started).toBeLessThan(1000);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		canary.destroy();
	});
});
