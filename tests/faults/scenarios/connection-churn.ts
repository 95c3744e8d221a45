// Connect/disconnect churn (LOAD-3, hocuspocus#1156): thousands of short-lived sockets, many of them
// leaving at the worst moment — while their authentication runs, or right after it while the document
// loads — plus refused ones (no session, unknown documents). Afterwards the server must hold nothing: no
// loaded document, no connection, and no more timers than before (each leaked Y.Doc keeps an awareness
// interval alive, which is how a leak shows).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { createWorkspaceDocument } from '../../support/fixtures.ts';
import type { SignedUp } from '../../support/http-client.ts';
import type { TestServer } from '../../support/server.ts';
import { connectSynced } from '../../support/collab-client.ts';
import { eventually, scrapeMetrics, seededRandom } from '../support/services.ts';
import {
	AuthMessage,
	MessageType,
	authFrame,
	joinOnce,
	openRawSocket,
	syncStep1Frame
} from '../support/wire.ts';
import { peerOn } from '../support/raw-peer.ts';

const TIMERS = 'nodejs_active_resources{type="Timeout"}';

type CycleKind = 'full' | 'mid-auth' | 'mid-load' | 'silent' | 'no-session' | 'unknown-document';

/** How often each kind of cycle is drawn. */
const MIX: [CycleKind, number][] = [
	['full', 0.35],
	['mid-auth', 0.2],
	['mid-load', 0.2],
	['silent', 0.05],
	['no-session', 0.1],
	['unknown-document', 0.1]
];

export interface ChurnFigures {
	backend: string;
	cycles: number;
	concurrency: number;
	documents: number;
	kinds: Record<string, number>;
	outcomes: Record<string, number>;
	elapsedMs: number;
	cyclesPerSecond: number;
	before: { documents: number; connections: number; timers: number; heapMb: number };
	after: { documents: number; connections: number; timers: number; heapMb: number };
	settledAfterMs: number;
}

function pick(random: () => number): CycleKind {
	let r = random();
	for (const [kind, weight] of MIX) {
		if (r < weight) return kind;
		r -= weight;
	}
	return 'full';
}

/** Opens, authenticates, and leaves: `after` 'sent' leaves at once, 'authenticated' as the load starts. */
async function leaveEarly(
	wsUrl: string,
	documentName: string,
	options: { cookie: string; origin: string },
	after: 'sent' | 'authenticated',
	abrupt: boolean,
	delayMs: number
): Promise<string> {
	let socket: WebSocket;
	try {
		socket = await openRawSocket(wsUrl, options);
	} catch {
		return 'refused-upgrade';
	}
	const peer = peerOn(socket);
	const leave = () => (abrupt ? socket.terminate() : socket.close(1000));
	let outcome: string;
	if (after === 'authenticated') {
		const reached = new Promise<string>((resolve) => {
			const timer = setTimeout(() => resolve('timeout'), 10_000);
			peer.onFrame((frame) => {
				if (frame.type === MessageType.Auth) {
					clearTimeout(timer);
					// Hocuspocus answers "authenticated" and only then loads the document: leave during the load.
					resolve(frame.authType === AuthMessage.Authenticated ? 'left-during-load' : 'denied');
				}
			});
			void peer.closed.then(() => resolve('closed'));
		});
		peer.send(authFrame(documentName));
		peer.send(syncStep1Frame(documentName));
		outcome = await reached;
		leave();
	} else {
		peer.send(authFrame(documentName));
		peer.send(syncStep1Frame(documentName));
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
		else await new Promise((resolve) => setImmediate(resolve));
		outcome = 'left-during-auth';
		leave();
	}
	await peer.closed;
	return outcome;
}

export async function connectionChurn(
	server: TestServer,
	owner: SignedUp,
	{ cycles, concurrency, documents }: { cycles: number; concurrency: number; documents: number },
	seed: number
): Promise<ChurnFigures> {
	const random = seededRandom(seed);
	const documentIds: string[] = [];
	for (let i = 0; i < documents; i++) documentIds.push(await createWorkspaceDocument(owner, `Churn ${i}`));
	const options = { cookie: owner.client.cookieHeader, origin: server.url };

	const snapshot = async () => {
		const metrics = await scrapeMetrics(server);
		return {
			documents: metrics.get('tandem_documents_loaded') ?? -1,
			connections: metrics.get('tandem_connections') ?? -1,
			timers: metrics.get(TIMERS) ?? 0,
			heapMb: Math.round((metrics.get('nodejs_heap_used_bytes') ?? 0) / 2 ** 20)
		};
	};
	// Warm up, then take the baseline at rest: first loads compile code paths, and a burst of parallel joins
	// fills the Postgres pool (postgres.js keeps a lifetime timer per connection; those are not leaks).
	for (let round = 0; round < 3; round++) {
		await Promise.all(
			Array.from({ length: 32 }, (_, i) =>
				joinOnce(server.wsUrl, documentIds[i % documentIds.length] as string, options)
			)
		);
	}
	await eventually(async () => (await snapshot()).documents === 0, 10_000);
	const before = await snapshot();

	// The plan is drawn up front, so a seed replays the same sequence of kinds and documents.
	const plan = Array.from({ length: cycles }, () => ({
		kind: pick(random),
		documentId: documentIds[Math.floor(random() * documentIds.length)] as string,
		abrupt: random() < 0.5,
		delayMs: Math.floor(random() * 4)
	}));
	const kinds: Record<string, number> = {};
	const outcomes: Record<string, number> = {};
	const count = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let index = next++; index < plan.length; index = next++) {
				const { kind, documentId, abrupt, delayMs } = plan[index] as (typeof plan)[number];
				count(kinds, kind);
				let outcome: string;
				if (kind === 'full') {
					const result = await joinOnce(server.wsUrl, documentId, options);
					expect(result.outcome, `cycle ${index}: a signed-in join syncs`).toBe('synced');
					outcome = result.outcome;
				} else if (kind === 'no-session') {
					const result = await joinOnce(server.wsUrl, documentId, { origin: server.url });
					expect(result.outcome, `cycle ${index}: no session, no document`).not.toBe('synced');
					outcome = `no-session ${result.outcome}${result.closeCode ? ` ${result.closeCode}` : ''}`;
				} else if (kind === 'unknown-document') {
					const name = random() < 0.5 ? randomUUID() : `not-a-document-${index}`;
					const result = await joinOnce(server.wsUrl, name, options);
					expect(result.outcome, `cycle ${index}: an unknown document is refused`).not.toBe('synced');
					outcome = `unknown ${result.outcome}${result.closeCode ? ` ${result.closeCode}` : ''}`;
				} else if (kind === 'silent') {
					const socket = await openRawSocket(server.wsUrl, options);
					const closed = new Promise((resolve) => socket.once('close', resolve));
					if (abrupt) socket.terminate();
					else socket.close(1000);
					await closed;
					outcome = 'silent';
				} else {
					outcome = await leaveEarly(
						server.wsUrl,
						documentId,
						options,
						kind === 'mid-auth' ? 'sent' : 'authenticated',
						abrupt,
						delayMs
					);
				}
				count(outcomes, outcome);
			}
		})
	);
	const elapsedMs = Date.now() - started;

	// Stores after the last leave are debounced by nothing (unloadImmediately), but give them time to land.
	const settleStarted = Date.now();
	let after = await snapshot();
	await eventually(
		async () => {
			after = await snapshot();
			return after.documents === 0 && after.connections === 0 && after.timers <= before.timers;
		},
		20_000,
		250
	);
	const settledAfterMs = Date.now() - settleStarted;
	const figures: ChurnFigures = {
		backend: server.backend,
		cycles,
		concurrency,
		documents,
		kinds,
		outcomes,
		elapsedMs,
		cyclesPerSecond: Math.round((cycles / elapsedMs) * 1000),
		before,
		after,
		settledAfterMs
	};
	const context = JSON.stringify(figures);
	expect(after.documents, `documents still loaded after every socket left (${context})`).toBe(0);
	expect(after.connections, `connections still open after every socket left (${context})`).toBe(0);
	expect(after.timers, `timers leaked (${context})`).toBeLessThanOrEqual(before.timers);
	// And the server still serves: a real provider on a churned document edits and is acknowledged.
	const editor = await connectSynced(server.wsUrl, documentIds[0] as string, owner.client.cookieHeader);
	editor.doc.getText('probe').insert(0, `[after churn ${seed}]`);
	await editor.allSaved();
	editor.destroy();
	return figures;
}
