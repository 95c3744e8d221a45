// Hostile sockets (FUZZ-1..3): seeded garbage, frames at and past the 2 MiB limit, and floods before
// authentication. In every case the offender is disconnected (or, for garbage Hocuspocus may hold as a
// not-yet-authenticated document, bounded), the server process survives, and a well-behaved editor on
// another document keeps being acknowledged — and what it saw acknowledged is in the database.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { yjs687Vectors } from '../../fixtures/yjs-687-vectors.ts';
import { createWorkspaceDocument } from '../../support/fixtures.ts';
import type { SignedUp } from '../../support/http-client.ts';
import type { TestServer } from '../../support/server.ts';
import { Canary, expectCanariesStored, type CanaryFigures } from '../support/canary.ts';
import { joinRaw, peerOn, sleep, type RawPeer } from '../support/raw-peer.ts';
import { eventually, scrapeMetrics, seededRandom } from '../support/services.ts';
import {
	MessageType,
	authFrame,
	awarenessFrame,
	awarenessUpdate,
	openRawSocket,
	syncFrame,
	syncStep1Frame,
	updateFrame
} from '../support/wire.ts';

const MAX_PAYLOAD = 2 * 1024 * 1024;
/** Tandem's limits before authentication (server/collaboration/limits.ts, preAuth). */
const PRE_AUTH = {
	frames: 24,
	frameBytes: 4 * 1024,
	bytes: 8 * 1024,
	withinMs: 5000,
	perAddress: 64
} as const;
/** How the pre-auth gate closes a socket (the clock ran out, or too much was sent before authenticating). */
const PRE_AUTH_LIMIT = 4429;
/** Hocuspocus's own "Reset Connection" when a socket breaks its limits. */
const RESET_CONNECTION = 4205;
/** What a hostile socket may be closed with: invalid message, no session, not allowed, reset, too big. */
const OFFENDER_CLOSES = new Set([4400, 4414, 4401, 4403, RESET_CONNECTION, PRE_AUTH_LIMIT, 1009, 1002, 1007]);

/** The n-th client address a trusted proxy names (the fault server runs with TRUST_PROXY=loopback). */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function countInto(table: Record<string, number>, key: string): void {
	table[key] = (table[key] ?? 0) + 1;
}

function seededBytes(random: () => number, length: number): Uint8Array {
	return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

/** A Yjs update inserting `text` into the `probe` text, encoded by Yjs (a real client's bytes). */
function textUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('probe').insert(0, text);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** An update frame for `documentName` of exactly `frameBytes` bytes, carrying a valid insert of 'x's. */
function updateFrameOfSize(documentName: string, frameBytes: number): Uint8Array {
	let length = frameBytes - 64;
	for (let attempt = 0; attempt < 5; attempt++) {
		const frame = updateFrame(documentName, textUpdate('x'.repeat(length)));
		if (frame.byteLength === frameBytes) return frame;
		length += frameBytes - frame.byteLength;
	}
	throw new Error(`could not build an update frame of ${frameBytes} bytes`);
}

function envelope(documentName: string, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, documentName);
	write(e);
	return encoding.toUint8Array(e);
}

function hex(frame: Uint8Array | string): string {
	return Buffer.from(frame).toString('hex').slice(0, 160);
}

/** Whether a frame is a client's own request to close `documentName` (message type 7). */
function isCloseRequest(frame: Uint8Array | string, documentName: string): boolean {
	if (typeof frame === 'string') return false;
	try {
		const decoder = decoding.createDecoder(frame);
		return (
			decoding.readVarString(decoder) === documentName && decoding.readVarUint(decoder) === MessageType.CLOSE
		);
	} catch {
		return false;
	}
}

async function closedWithin(peer: RawPeer, ms: number): Promise<number | null> {
	return Promise.race([peer.closed, sleep(ms).then(() => null)]);
}

async function serverAlive(server: TestServer, pid: number | undefined): Promise<void> {
	expect(server.process().pid, 'the server process was replaced').toBe(pid);
	expect(server.process().exitCode, 'the server process exited').toBeNull();
	expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

/** After the offenders leave and the canary stops, nothing they touched stays loaded. */
async function settles(server: TestServer): Promise<{ documents: number; connections: number }> {
	let last = { documents: -1, connections: -1 };
	await eventually(async () => {
		const metrics = await scrapeMetrics(server);
		last = {
			documents: metrics.get('tandem_documents_loaded') ?? -1,
			connections: metrics.get('tandem_connections') ?? -1
		};
		return last.documents === 0 && last.connections === 0;
	}, 15_000);
	expect(last, 'documents or connections left behind by hostile sockets').toEqual({
		documents: 0,
		connections: 0
	});
	return last;
}

// ---------------------------------------------------------------------------------------------------------

type FuzzKind =
	| 'unknown-type'
	| 'bad-sync-step'
	| 'truncated-varint'
	| 'overlong-length'
	| 'bad-awareness'
	| 'yjs-687'
	| 'yjs-687-v2'
	| 'truncated-frame'
	| 'wrong-document'
	| 'mutated-valid'
	| 'random-bytes'
	| 'text';

/** Kinds that must get the sender disconnected at once; the others only must not hurt anyone else. */
const MUST_CLOSE: ReadonlySet<FuzzKind> = new Set([
	'unknown-type',
	'bad-sync-step',
	'truncated-varint',
	'overlong-length',
	'bad-awareness',
	'yjs-687',
	'truncated-frame',
	'wrong-document'
]);

const FUZZ_KINDS: FuzzKind[] = [
	'unknown-type',
	'bad-sync-step',
	'truncated-varint',
	'overlong-length',
	'bad-awareness',
	'yjs-687',
	'truncated-frame',
	'wrong-document',
	'yjs-687-v2',
	'mutated-valid',
	'mutated-valid',
	'random-bytes',
	'random-bytes',
	'text'
];

export interface FuzzFigures {
	backend: string;
	frames: number;
	sockets: number;
	kinds: Record<string, number>;
	/** Close codes of the sockets the server closed, by kind of the frame that closed them. */
	closes: Record<string, number>;
	mustCloseSlowestMs: number;
	reconnects: number;
	leftOpen: number;
	elapsedMs: number;
	eventLoopMaxMs: number;
	canary: CanaryFigures;
}

export async function frameFuzz(
	server: TestServer,
	owner: SignedUp,
	{ frames, sockets }: { frames: number; sockets: number },
	seed: number
): Promise<FuzzFigures> {
	const pid = server.process().pid;
	const random = seededRandom(seed);
	const victim = await createWorkspaceDocument(owner, 'Fuzzed');
	const canary = await Canary.start(server, owner, { label: `fuzz-${seed}` });
	try {
		const join = () =>
			joinRaw(server.wsUrl, victim, { cookie: owner.client.cookieHeader, origin: server.url });

		const valid = [
			updateFrame(victim, textUpdate(`valid ${seed}`)),
			syncStep1Frame(victim),
			awarenessFrame(victim, awarenessUpdate(424242, 1, { cursor: null })),
			authFrame(victim)
		];
		const v2Vectors = Object.entries(yjs687Vectors)
			.filter(([name]) => name.endsWith('V2'))
			.map(([, vector]) => vector);
		const generate = (kind: FuzzKind): Uint8Array | string => {
			switch (kind) {
				case 'unknown-type':
					return envelope(victim, (e) => {
						encoding.writeVarUint(e, [6, 11, 12, 99, 1000][Math.floor(random() * 5)] as number);
						encoding.writeUint8Array(e, seededBytes(random, Math.floor(random() * 16)));
					});
				case 'bad-sync-step':
					return syncFrame(
						victim,
						3 + Math.floor(random() * 250),
						seededBytes(random, Math.floor(random() * 16))
					);
				case 'truncated-varint':
					// A sync frame whose step (or length) varint never ends: every byte has its continuation bit set.
					return envelope(victim, (e) => {
						encoding.writeVarUint(e, random() < 0.5 ? MessageType.Sync : MessageType.Awareness);
						if (random() < 0.5) encoding.writeVarUint(e, 2);
						encoding.writeUint8Array(e, new Uint8Array(1 + Math.floor(random() * 9)).fill(0xff));
					});
				case 'overlong-length':
					// A length prefix far past the end of the frame (and past 2^32).
					return envelope(victim, (e) => {
						encoding.writeVarUint(e, MessageType.Sync);
						encoding.writeVarUint(e, 2);
						encoding.writeVarUint(e, random() < 0.5 ? 2 ** 40 : 1000 + Math.floor(random() * 10_000));
						encoding.writeUint8Array(e, seededBytes(random, 8));
					});
				case 'bad-awareness': {
					// One client whose state is not JSON.
					const e = encoding.createEncoder();
					encoding.writeVarUint(e, 1);
					encoding.writeVarUint(e, 7);
					encoding.writeVarUint(e, 1);
					encoding.writeVarString(e, '{"cursor": not json');
					return awarenessFrame(victim, encoding.toUint8Array(e));
				}
				case 'yjs-687':
					// The V1 vector makes Yjs throw: the sender is disconnected.
					return updateFrame(victim, yjs687Vectors.tooManyUpdatesV1 as Uint8Array);
				case 'yjs-687-v2':
					// V2 vectors arrive as V1 bytes (the server never decodes V2): refused or harmless, never a hang.
					return updateFrame(victim, v2Vectors[Math.floor(random() * v2Vectors.length)] as Uint8Array);
				case 'truncated-frame': {
					const whole = valid[0] as Uint8Array;
					// Cut inside the update: the envelope promises more bytes than arrive.
					return whole.subarray(
						0,
						victim.length + 4 + Math.floor(random() * (whole.length - victim.length - 5))
					);
				}
				case 'wrong-document':
					// Another document's name: queued until an auth frame for it, which is refused (4403).
					return random() < 0.5 ? randomUUID() : `../${victim}`;
				case 'mutated-valid': {
					const mutated = Uint8Array.from(valid[Math.floor(random() * valid.length)] as Uint8Array);
					for (let i = 0; i < 1 + Math.floor(random() * 4); i++)
						mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
					return mutated;
				}
				case 'random-bytes':
					return seededBytes(random, Math.floor(random() * 64));
				case 'text':
					return random() < 0.5
						? 'not binary at all \u0000\uffff'
						: '\u{1F600}'.repeat(Math.floor(random() * 20));
			}
		};

		const plan = Array.from({ length: frames }, () => {
			const kind = FUZZ_KINDS[Math.floor(random() * FUZZ_KINDS.length)] as FuzzKind;
			return { kind, frame: generate(kind) };
		});
		const kinds: Record<string, number> = {};
		const closes: Record<string, number> = {};
		let slowest = 0;
		let reconnects = 0;
		/** Sockets the server left open after closing only the document (see garbageBeyondTheGuard). */
		const leftOpen: string[] = [];
		let next = 0;
		const started = Date.now();
		await Promise.all(
			Array.from({ length: sockets }, async () => {
				let peer = await join();
				let documentClosed = false;
				peer.onFrame((received) => void (received.type === MessageType.CLOSE && (documentClosed = true)));
				let history: { index: number; kind: FuzzKind; frame: Uint8Array | string }[] = [];
				const replace = async () => {
					peer.socket.terminate();
					peer = await join();
					documentClosed = false;
					peer.onFrame((received) => void (received.type === MessageType.CLOSE && (documentClosed = true)));
					history = [];
					reconnects++;
				};
				/** The server closed the document but not the socket: fine only if we asked (a Close frame). */
				const checkDocumentClosed = async () => {
					if (!documentClosed || !peer.isOpen()) return;
					if (!history.some(({ frame }) => isCloseRequest(frame, victim)))
						leftOpen.push(
							history.map(({ index, kind, frame }) => `${index}:${kind}:${hex(frame)}`).join(' ')
						);
					await replace();
				};
				for (let index = next++; index < plan.length; index = next++) {
					const { kind, frame } = plan[index] as (typeof plan)[number];
					countInto(kinds, kind);
					if (!peer.isOpen()) await replace();
					await checkDocumentClosed();
					history.push({ index, kind, frame });
					if (kind === 'wrong-document') {
						const name = frame as string;
						peer.send(updateFrame(name, textUpdate('not yours')));
						peer.send(authFrame(name));
					} else peer.send(frame);
					const sentAt = Date.now();
					if (MUST_CLOSE.has(kind)) {
						const code = await Promise.race([
							closedWithin(peer, 2000),
							eventually(() => Promise.resolve(documentClosed), 2000, 5).then(() =>
								sleep(200).then(() => peer.closeCode())
							)
						]);
						if (code === null && documentClosed) {
							await checkDocumentClosed();
							continue;
						}
						expect(
							code,
							`frame ${index} (${kind}) did not get its sender disconnected; this socket sent ${history.map(({ index, kind, frame }) => `${index}:${kind}:${hex(frame)}`).join(' ')}`
						).not.toBeNull();
						slowest = Math.max(slowest, Date.now() - sentAt);
						countInto(closes, `${kind} ${code}`);
						expect(OFFENDER_CLOSES.has(code as number), `frame ${index} (${kind}) closed with ${code}`).toBe(
							true
						);
					} else if (index % 10 === 0) {
						// Let the server answer now and then, so "may close" frames are seen closing.
						await sleep(1);
						const code = peer.closeCode();
						if (code !== null) {
							countInto(closes, `${kind} ${code}`);
							expect(OFFENDER_CLOSES.has(code), `frame ${index} (${kind}) closed with ${code}`).toBe(true);
						}
					}
				}
				await sleep(50);
				await checkDocumentClosed();
				peer.socket.terminate();
			})
		);
		const elapsedMs = Date.now() - started;
		await serverAlive(server, pid);
		const eventLoopMaxMs = Math.round(
			((await scrapeMetrics(server)).get('tandem_event_loop_delay_seconds{quantile="1"}') ?? 0) * 1000
		);
		const canaryFigures = await canary.stop();
		await settles(server);
		await expectCanariesStored(server, [canary]);
		const figures = {
			backend: server.backend,
			frames,
			sockets,
			kinds,
			closes,
			mustCloseSlowestMs: slowest,
			reconnects,
			leftOpen: leftOpen.length,
			elapsedMs,
			eventLoopMaxMs,
			canary: canaryFigures
		};
		expect(
			leftOpen,
			`sockets left open after garbage closed only their document (${JSON.stringify(figures)})`
		).toEqual([]);
		return figures;
	} finally {
		canary.dispose();
	}
}

// ---------------------------------------------------------------------------------------------------------

export interface BeyondGuardFigures {
	backend: string;
	/** Per case: the socket's close code (null: left open), and whether the server closed the document only. */
	cases: Record<string, { closeCode: number | null; documentClosedOnly: boolean }>;
	canary: CanaryFigures;
}

/**
 * Frames whose envelope the frame guard accepts but Hocuspocus itself cannot read: an auth frame with a
 * broken token on an authenticated document, a sync step 1 whose state vector is garbage, an awareness
 * state that is JSON but not an object. Hocuspocus answers those by closing the document only (a Close
 * message), leaving the socket open; later garbage for that document then waits, unread, in the
 * pre-authentication queue. The guard's promise is that a sender of garbage is disconnected (4400).
 */
export async function garbageBeyondTheGuard(
	server: TestServer,
	owner: SignedUp,
	seed: number
): Promise<BeyondGuardFigures> {
	const pid = server.process().pid;
	const victim = await createWorkspaceDocument(owner, 'Past the guard');
	const canary = await Canary.start(server, owner, { label: `beyond-${seed}` });
	const frames: Record<string, Uint8Array> = {
		'auth with a broken token': envelope(victim, (e) => {
			encoding.writeVarUint(e, MessageType.Auth);
			encoding.writeVarUint(e, 0);
			encoding.writeUint8Array(e, Uint8Array.from([0x9a, 0x05, 0x34, 0x2e, 0x38]));
		}),
		'sync step 1 with a garbage state vector': syncFrame(victim, 0, Uint8Array.from([0xff, 0xff, 0xff])),
		'awareness state that is a JSON string': awarenessFrame(
			victim,
			(() => {
				const e = encoding.createEncoder();
				encoding.writeVarUint(e, 1); // one client
				encoding.writeVarUint(e, 31337);
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, '"abc"'); // JSON, but not an object
				return encoding.toUint8Array(e);
			})()
		)
	};
	const cases: BeyondGuardFigures['cases'] = {};
	try {
		for (const [name, frame] of Object.entries(frames)) {
			const peer = await joinRaw(server.wsUrl, victim, {
				cookie: owner.client.cookieHeader,
				origin: server.url
			});
			let documentClosedOnly = false;
			peer.onFrame((received) => {
				if (received.type === MessageType.CLOSE) documentClosedOnly = true;
			});
			peer.send(frame);
			const closeCode = await closedWithin(peer, 1500);
			cases[name] = { closeCode, documentClosedOnly: documentClosedOnly && closeCode === null };
			peer.socket.terminate();
		}
		await serverAlive(server, pid);
		const canaryFigures = await canary.stop();
		const figures = { backend: server.backend, cases, canary: canaryFigures };
		for (const [name, outcome] of Object.entries(cases)) {
			expect(
				outcome.closeCode,
				`${name}: the socket must close with 4400; it ${outcome.documentClosedOnly ? 'only got a document Close message and stayed open' : `closed with ${outcome.closeCode}`} (${JSON.stringify(figures)})`
			).toBe(4400);
		}
		await settles(server);
		await expectCanariesStored(server, [canary]);
		return figures;
	} finally {
		canary.dispose();
	}
}

// ---------------------------------------------------------------------------------------------------------

export interface OversizeFigures {
	backend: string;
	/** A valid 2 MiB update frame (exactly the limit): acknowledged, socket open. */
	atLimit: { frameBytes: number; acknowledgedMs: number };
	/** One byte over: closed with 1009. */
	overLimit: { frameBytes: number; closeCode: number | null; closedMs: number };
	/** 2 MiB of garbage inside a valid envelope: refused by Yjs (4400), not a hang. */
	garbageAtLimit: { closeCode: number | null; closedMs: number };
	/** Three 1 MiB fragments of one message: closed with 1009 once the total passes 2 MiB. */
	fragmented: { closeCode: number | null; closedMs: number };
	canary: CanaryFigures;
}

export async function oversizedFrames(
	server: TestServer,
	owner: SignedUp,
	seed: number
): Promise<OversizeFigures> {
	const pid = server.process().pid;
	const random = seededRandom(seed);
	const canary = await Canary.start(server, owner, { label: `oversize-${seed}` });
	try {
		const options = { cookie: owner.client.cookieHeader, origin: server.url };

		// At the limit: a real (if enormous) paste of exactly maxPayload bytes is an edit like any other.
		const large = await createWorkspaceDocument(owner, 'Large paste');
		const atLimitFrame = updateFrameOfSize(large, MAX_PAYLOAD);
		const writer = await joinRaw(server.wsUrl, large, options);
		const acknowledged = new Promise<number>((resolve) => {
			writer.onFrame((frame) => {
				if (frame.type === MessageType.SyncStatus && frame.synced) resolve(Date.now());
			});
		});
		let sentAt = Date.now();
		writer.send(atLimitFrame);
		const acknowledgedAt = await Promise.race([acknowledged, writer.closed.then(() => null), sleep(20_000)]);
		expect(
			acknowledgedAt,
			`a ${MAX_PAYLOAD}-byte update was not acknowledged (closed ${writer.closeCode()})`
		).toBeTypeOf('number');
		const atLimit = {
			frameBytes: atLimitFrame.byteLength,
			acknowledgedMs: (acknowledgedAt as number) - sentAt
		};
		expect(writer.isOpen()).toBe(true);
		writer.socket.close(1000);

		// One byte over: the socket layer refuses it before anything reads it.
		const over = await joinRaw(server.wsUrl, await createWorkspaceDocument(owner, 'Too large'), options);
		const overFrame = updateFrameOfSize(large, MAX_PAYLOAD + 1);
		sentAt = Date.now();
		over.send(overFrame);
		const overCode = await closedWithin(over, 5000);
		const overLimit = {
			frameBytes: overFrame.byteLength,
			closeCode: overCode,
			closedMs: Date.now() - sentAt
		};
		expect(overCode).toBe(1009);

		// Garbage at the limit: a valid envelope around 2 MiB of seeded bytes.
		const garbageDoc = await createWorkspaceDocument(owner, 'Garbage');
		const garbage = await joinRaw(server.wsUrl, garbageDoc, options);
		const envelopeBytes = updateFrame(garbageDoc, new Uint8Array(0)).byteLength + 3;
		sentAt = Date.now();
		garbage.send(updateFrame(garbageDoc, seededBytes(random, MAX_PAYLOAD - envelopeBytes)));
		const garbageCode = await closedWithin(garbage, 10_000);
		const garbageAtLimit = { closeCode: garbageCode, closedMs: Date.now() - sentAt };
		expect(garbageCode, 'garbage inside a valid envelope').toBe(4400);

		// Fragments: the limit counts the whole message, not each fragment.
		const fragmented = await openRawSocket(server.wsUrl, options);
		const fragmentedPeer = peerOn(fragmented);
		const fragment = new Uint8Array(1024 * 1024);
		sentAt = Date.now();
		for (const fin of [false, false, true]) fragmented.send(fragment, { binary: true, fin });
		const fragmentedCode = await closedWithin(fragmentedPeer, 5000);
		const fragmentedFigures = { closeCode: fragmentedCode, closedMs: Date.now() - sentAt };
		expect(fragmentedCode).toBe(1009);

		await serverAlive(server, pid);
		const canaryFigures = await canary.stop();
		await settles(server);
		await expectCanariesStored(server, [canary], async (storedText) => {
			// The acknowledged large paste is stored whole.
			expect((await storedText(large)).length, 'the 2 MiB paste is stored').toBeGreaterThan(
				MAX_PAYLOAD - 100
			);
			expect(await storedText(garbageDoc)).toBe('');
		});
		return {
			backend: server.backend,
			atLimit,
			overLimit,
			garbageAtLimit,
			fragmented: fragmentedFigures,
			canary: canaryFigures
		};
	} finally {
		canary.dispose();
	}
}

// ---------------------------------------------------------------------------------------------------------

/** Structs and delete ranges one update may carry (server/collaboration/limits.ts, updateWorkBudget). */
const UPDATE_WORK_BUDGET = 10_000;

/** A valid update of `items` one-letter inserts into `probe` that Yjs cannot merge: each is its own struct. */
function unmergeableTextUpdate(items: number): Uint8Array {
	const doc = new Y.Doc();
	const text = doc.getText('probe');
	for (let i = 0; i < items; i++) text.insert(0, 'z'); // each in front of the last: no run to join
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

export interface WorkBoundFigures {
	backend: string;
	/** An update of exactly the budget's structs: acknowledged, socket open. */
	atBudget: { frameBytes: number; acknowledgedMs: number };
	/** One struct more: closed with 4414 before anything integrates it. */
	overBudget: { frameBytes: number; closeCode: number | null; closedMs: number };
	canary: CanaryFigures;
}

/**
 * The work one frame may cause is bounded: an update of more structs than the budget is refused with 4414
 * and leaves its document as it was, one at the budget is an edit like any other, and another document's
 * editor is acknowledged throughout.
 */
export async function workBoundedFrames(
	server: TestServer,
	owner: SignedUp,
	seed: number
): Promise<WorkBoundFigures> {
	const pid = server.process().pid;
	const canary = await Canary.start(server, owner, { label: `work-${seed}` });
	try {
		const options = { cookie: owner.client.cookieHeader, origin: server.url };

		const within = await createWorkspaceDocument(owner, 'Many small pieces');
		const atBudgetFrame = updateFrame(within, unmergeableTextUpdate(UPDATE_WORK_BUDGET));
		const writer = await joinRaw(server.wsUrl, within, options);
		const acknowledged = new Promise<number>((resolve) => {
			writer.onFrame((frame) => {
				if (frame.type === MessageType.SyncStatus && frame.synced) resolve(Date.now());
			});
		});
		let sentAt = Date.now();
		writer.send(atBudgetFrame);
		const acknowledgedAt = await Promise.race([acknowledged, writer.closed.then(() => null), sleep(20_000)]);
		expect(
			acknowledgedAt,
			`an update of ${UPDATE_WORK_BUDGET} structs was not acknowledged (closed ${writer.closeCode()})`
		).toBeTypeOf('number');
		const atBudget = {
			frameBytes: atBudgetFrame.byteLength,
			acknowledgedMs: (acknowledgedAt as number) - sentAt
		};
		expect(writer.isOpen()).toBe(true);
		writer.socket.close(1000);

		const beyond = await createWorkspaceDocument(owner, 'Too many pieces');
		const overFrame = updateFrame(beyond, unmergeableTextUpdate(UPDATE_WORK_BUDGET + 1));
		const over = await joinRaw(server.wsUrl, beyond, options);
		sentAt = Date.now();
		over.send(overFrame);
		const overCode = await closedWithin(over, 10_000);
		const overBudget = {
			frameBytes: overFrame.byteLength,
			closeCode: overCode,
			closedMs: Date.now() - sentAt
		};
		expect(overCode, 'an update past the work budget').toBe(4414);

		await serverAlive(server, pid);
		const canaryFigures = await canary.stop();
		await settles(server);
		await expectCanariesStored(server, [canary], async (storedText) => {
			expect((await storedText(within)).length, 'the update at the budget is stored whole').toBe(
				UPDATE_WORK_BUDGET
			);
			expect(await storedText(beyond), 'nothing of the refused update is kept').toBe('');
		});
		return { backend: server.backend, atBudget, overBudget, canary: canaryFigures };
	} finally {
		canary.dispose();
	}
}

// ---------------------------------------------------------------------------------------------------------

export interface PreAuthFigures {
	backend: string;
	/** Close code and how long it took, per flood. */
	tooManyMessages: { sent: number; closeCode: number | null };
	tooManyBytes: { sent: number; closeCode: number | null };
	tooManyDocuments: { sent: number; closeCode: number | null };
	framesThenNoSession: { queued: number; closeCode: number | null };
	unauthenticatedSockets: { sockets: number; closes: Record<string, number>; elapsedMs: number };
	/** Sockets that never send a frame, opened before the floods: closed by the pre-auth clock. */
	silentSockets: { sockets: number; closes: Record<string, number> };
	canary: CanaryFigures;
}

export async function preAuthFloods(
	server: TestServer,
	owner: SignedUp,
	{ unauthenticatedSockets, silentSockets }: { unauthenticatedSockets: number; silentSockets: number },
	seed: number
): Promise<PreAuthFigures> {
	const pid = server.process().pid;
	const victim = await createWorkspaceDocument(owner, 'Besieged');
	const canary = await Canary.start(server, owner, { label: `preauth-${seed}` });
	try {
		const signedIn = { cookie: owner.client.cookieHeader, origin: server.url };
		const anonymous = { origin: server.url };
		const marker = `[pre-auth ${seed}]`;
		const markerFrame = updateFrame(victim, textUpdate(marker));
		let addresses = 0;
		const open = async (options: { cookie?: string; origin: string }) =>
			peerOn(await openRawSocket(server.wsUrl, { ...options, forwardedFor: address(++addresses) }));

		// Silent sockets first: they never say a word, and the pre-auth clock closes them.
		const silent: RawPeer[] = [];
		for (let i = 0; i < silentSockets; i++) silent.push(await open(anonymous));

		// 1. More frames than may come before authentication (a signed-in user who never sends the auth frame).
		const chatty = await open(signedIn);
		let sent = 0;
		for (; sent <= PRE_AUTH.frames + 10 && chatty.isOpen(); sent++) chatty.send(markerFrame);
		const tooManyMessages = { sent, closeCode: await closedWithin(chatty, 5000) };
		expect(tooManyMessages.closeCode, 'more than 24 frames before authenticating').toBe(PRE_AUTH_LIMIT);

		// 2. A frame larger than may come before authentication: refused from its header, never buffered.
		const heavy = await open(signedIn);
		const heavyFrame = updateFrameOfSize(victim, Math.floor(1.9 * 1024 * 1024));
		sent = 0;
		for (; sent < 3 && heavy.isOpen(); sent++) heavy.send(heavyFrame);
		const tooManyBytes = { sent, closeCode: await closedWithin(heavy, 5000) };
		expect(tooManyBytes.closeCode, 'a 1.9 MiB frame before authenticating').toBe(1009);

		// 3. Many documents, none authenticated: the frame allowance ends it long before Hocuspocus' 100.
		const greedy = await open(signedIn);
		sent = 0;
		for (; sent <= 100 && greedy.isOpen(); sent++) greedy.send(syncStep1Frame(randomUUID()));
		const tooManyDocuments = { sent, closeCode: await closedWithin(greedy, 5000) };
		expect(tooManyDocuments.closeCode, 'sync requests for 101 documents').toBe(PRE_AUTH_LIMIT);

		// 4. Edits queued before an auth frame that carries no session: refused, and the edits never applied.
		const sneaky = await open(anonymous);
		const queued = PRE_AUTH.frames - 2;
		for (let i = 0; i < queued; i++) sneaky.send(markerFrame);
		sneaky.send(authFrame(victim));
		const framesThenNoSession = { queued, closeCode: await closedWithin(sneaky, 5000) };
		expect(framesThenNoSession.closeCode).toBe(4401);

		// 5. Many sockets without a session asking for the document at once, each from its own address.
		const started = Date.now();
		const closes: Record<string, number> = {};
		await Promise.all(
			Array.from({ length: unauthenticatedSockets }, async () => {
				const peer = await open(anonymous);
				peer.send(authFrame(victim));
				peer.send(syncStep1Frame(victim));
				peer.send(markerFrame);
				countInto(closes, String(await closedWithin(peer, 10_000)));
			})
		);
		const unauthenticated = { sockets: unauthenticatedSockets, closes, elapsedMs: Date.now() - started };
		expect(closes, 'every socket without a session is closed with 4401').toEqual(
			unauthenticatedSockets > 0 ? { 4401: unauthenticatedSockets } : {}
		);

		await serverAlive(server, pid);
		const silentCloses: Record<string, number> = {};
		await Promise.all(
			silent.map(async (peer) =>
				countInto(silentCloses, String(await closedWithin(peer, PRE_AUTH.withinMs + 3000)))
			)
		);
		expect(silentCloses, 'silent sockets are closed by the pre-auth clock').toEqual(
			silentSockets > 0 ? { [PRE_AUTH_LIMIT]: silentSockets } : {}
		);

		const canaryFigures = await canary.stop();
		await settles(server);
		await expectCanariesStored(server, [canary], async (storedText) => {
			expect(await storedText(victim), 'an edit sent before authenticating was applied').not.toContain(
				marker
			);
		});
		return {
			backend: server.backend,
			tooManyMessages,
			tooManyBytes,
			tooManyDocuments,
			framesThenNoSession,
			unauthenticatedSockets: unauthenticated,
			silentSockets: { sockets: silentSockets, closes: silentCloses },
			canary: canaryFigures
		};
	} finally {
		canary.dispose();
	}
}

// ---------------------------------------------------------------------------------------------------------

export interface SilentFigures {
	backend: string;
	sockets: number;
	closeCodes: Record<string, number>;
	closedAfterMs: number;
}

/**
 * Sockets that open and never say a word: the pre-auth clock closes them within seconds (Hocuspocus' own
 * timeout would take a minute), so they cannot pile up.
 */
export async function silentSockets(
	server: TestServer,
	{ sockets, deadlineMs }: { sockets: number; deadlineMs: number }
): Promise<SilentFigures> {
	const peers: RawPeer[] = [];
	for (let i = 0; i < sockets; i++)
		peers.push(
			peerOn(await openRawSocket(server.wsUrl, { origin: server.url, forwardedFor: address(50_000 + i) }))
		);
	const openedAt = Date.now();
	await Promise.race([Promise.all(peers.map((peer) => peer.closed)), sleep(deadlineMs)]);
	const closeCodes: Record<string, number> = {};
	for (const peer of peers) countInto(closeCodes, String(peer.closeCode()));
	for (const peer of peers) peer.socket.terminate();
	const figures = { backend: server.backend, sockets, closeCodes, closedAfterMs: Date.now() - openedAt };
	expect(closeCodes, `silent sockets after ${deadlineMs} ms (${JSON.stringify(figures)})`).toEqual({
		[PRE_AUTH_LIMIT]: sockets
	});
	return figures;
}

// ---------------------------------------------------------------------------------------------------------

export interface PreAuthMemoryFigures {
	backend: string;
	sockets: number;
	/** The server's resident memory before the sockets opened, and the most it reached while they were open. */
	rssMb: { before: number; peak: number; rise: number };
	/** Refused at the upgrade (429) when one address opened as many sockets. */
	oneAddress: { sockets: number; admitted: number; refused: number };
	closes: Record<string, number>;
	openedMs: number;
	canary: CanaryFigures;
}

const rssMb = (pid: number) => {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * Thousands of hostile sockets that never authenticate, each from its own address (a botnet, so the
 * per-address limit is not what saves the server): each sends all it may before authenticating and holds
 * on. The server's memory rises by at most 50 MB, another document's typing stays fast (p99 ≤ 250 ms),
 * and the clock closes every one. Then one address tries as many: all but 64 are refused at the upgrade.
 */
export async function preAuthMemory(
	server: TestServer,
	owner: SignedUp,
	{ sockets }: { sockets: number },
	seed: number
): Promise<PreAuthMemoryFigures> {
	const pid = server.process().pid as number;
	const victim = await createWorkspaceDocument(owner, 'Besieged by many');
	const canary = await Canary.start(server, owner, { label: `preauth-memory-${seed}` });
	try {
		await sleep(1000);
		const before = rssMb(pid);
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
		// Frames that use the whole allowance: 23 of them, 8 KiB less a little in all.
		const frame = updateFrameOfSize(victim, Math.floor(PRE_AUTH.bytes / (PRE_AUTH.frames - 1)) - 8);
		const started = Date.now();
		const peers: RawPeer[] = [];
		const batch = 200;
		for (let offset = 0; offset < sockets; offset += batch) {
			const opened = await Promise.all(
				Array.from({ length: Math.min(batch, sockets - offset) }, async (_, i) => {
					const peer = peerOn(
						await openRawSocket(server.wsUrl, {
							origin: server.url,
							forwardedFor: address(100_000 + offset + i)
						})
					);
					for (let f = 0; f < PRE_AUTH.frames - 1; f++) peer.send(frame);
					return peer;
				})
			);
			peers.push(...opened);
		}
		const openedMs = Date.now() - started;
		const closes: Record<string, number> = {};
		await Promise.all(
			peers.map(async (peer) =>
				countInto(closes, String(await closedWithin(peer, PRE_AUTH.withinMs + 10_000)))
			)
		);
		clearInterval(sampler);
		for (const peer of peers) peer.socket.terminate();
		const rss = { before: Math.round(before), peak: Math.round(peak), rise: Math.round(peak - before) };

		// One address, as many sockets: 64 wait, the rest are refused before any websocket exists.
		let admitted = 0;
		let refused = 0;
		const fromOne: RawPeer[] = [];
		for (let offset = 0; offset < sockets; offset += batch) {
			await Promise.all(
				Array.from({ length: Math.min(batch, sockets - offset) }, async () => {
					try {
						fromOne.push(
							peerOn(await openRawSocket(server.wsUrl, { origin: server.url, forwardedFor: address(7) }))
						);
						admitted++;
					} catch {
						refused++;
					}
				})
			);
		}
		for (const peer of fromOne) peer.socket.terminate();

		await serverAlive(server, pid);
		const canaryFigures = await canary.stop();
		const figures = {
			backend: server.backend,
			sockets,
			rssMb: rss,
			oneAddress: { sockets, admitted, refused },
			closes,
			openedMs,
			canary: canaryFigures
		};
		const report = JSON.stringify(figures);
		expect(closes, `every hostile socket is closed by the pre-auth gate (${report})`).toEqual({
			[PRE_AUTH_LIMIT]: sockets
		});
		expect(rss.rise, `resident memory rise, MB (${report})`).toBeLessThanOrEqual(50);
		expect(canaryFigures.ackMs.p99, `another document's typing p99, ms (${report})`).toBeLessThanOrEqual(250);
		expect(admitted, `sockets admitted from one address (${report})`).toBe(PRE_AUTH.perAddress);
		expect(canaryFigures.closes).toEqual([]);
		await expectCanariesStored(server, [canary], async () => {});
		return figures;
	} finally {
		canary.dispose();
	}
}
