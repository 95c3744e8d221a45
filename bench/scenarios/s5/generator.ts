// The S5 load generator: a separate process (pinned to its own core by the scenario) holding many light
// sockets that type pre-encoded keystrokes open-loop and time each one until the server says "saved"
// (Hocuspocus SyncStatus). Edit k of a socket is the Yjs struct (client, k): after a crash, a document's
// state vector tells which acknowledged edits it still holds. Driven over IPC (protocol.ts).
import postgres from 'postgres';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { histogram, percentiles } from '../../support.ts';
import {
	authFrame,
	keystrokeUpdate,
	readFrame,
	syncStepOneFrame,
	updateFrame,
	type WireProtocol
} from './keystrokes.ts';
import type {
	DocumentState,
	FromGenerator,
	PhaseStats,
	SocketAudit,
	SocketSpec,
	StoredStatePoll,
	ToGenerator
} from './protocol.ts';

const TICK_MS = 2;
const CONNECT_TIMEOUT_MS = 20_000;

interface LoadSocket {
	spec: SocketSpec;
	ws: WebSocket;
	client: number;
	open: boolean;
	/** Send time (performance.now()) of edit k at index k. */
	sentAt: Float64Array;
	sent: number;
	acknowledged: number;
	refused: number;
	storedByPoll: number;
	/** Highest clock of this socket's edits a peer has received, plus one. */
	deliveredUpTo: number;
	sentInPhase: number;
	/** The phase each run of edits was sent in: edit k belongs to the last phase starting at or below k. */
	phaseStarts: { clock: number; phase: string }[];
}

function send(message: FromGenerator): void {
	process.send?.(message);
}

function randomClient(): number {
	// Yjs picks random 32-bit client ids; keep the same varint sizes on the wire.
	return (Math.random() * 0xffffffff) >>> 0 || 1;
}

let protocol: WireProtocol = 'hocuspocus';
let sockets: LoadSocket[] = [];
const byClient = new Map<number, LoadSocket>();
let poller: { stop(): Promise<void> } | null = null;

// Histograms of the running phase, in microseconds.
let acknowledgement = histogram();
let storedLatency = histogram();
let delivery = histogram();
let phaseCounters = { acknowledged: 0, refused: 0, storedByPoll: 0, skipped: 0 };
/** Edit→stored latency by the phase the edit was sent in: a store can come seconds after its phase. */
const storedBySendingPhase = new Map<string, ReturnType<typeof histogram>>();

function sendingPhase(socket: LoadSocket, clock: number): string {
	for (let i = socket.phaseStarts.length - 1; i >= 0; i--) {
		const start = socket.phaseStarts[i] as { clock: number; phase: string };
		if (start.clock <= clock) return start.phase;
	}
	return 'before';
}

function grow(socket: LoadSocket): void {
	if (socket.sent < socket.sentAt.length) return;
	const bigger = new Float64Array(socket.sentAt.length * 2);
	bigger.set(socket.sentAt);
	socket.sentAt = bigger;
}

function onDelivered(update: Uint8Array, now: number): void {
	// A peer's broadcast, possibly several keystrokes merged: every newly covered clock was delivered now.
	const { to } = Y.parseUpdateMeta(update);
	for (const [client, clock] of to) {
		const origin = byClient.get(client);
		if (!origin) continue;
		for (let k = origin.deliveredUpTo; k < clock && k < origin.sent; k++) {
			delivery.recordValue(Math.max(1, Math.round((now - (origin.sentAt[k] as number)) * 1000)));
		}
		if (clock > origin.deliveredUpTo) origin.deliveredUpTo = clock;
	}
}

function connectSocket(spec: SocketSpec): Promise<LoadSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(spec.url, { headers: spec.headers, perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		const socket: LoadSocket = {
			spec,
			ws,
			client: randomClient(),
			open: false,
			sentAt: new Float64Array(1024),
			sent: 0,
			acknowledged: 0,
			refused: 0,
			storedByPoll: 0,
			deliveredUpTo: 0,
			sentInPhase: 0,
			phaseStarts: []
		};
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error(`socket for ${spec.documentName} not ready in ${CONNECT_TIMEOUT_MS} ms`));
		}, CONNECT_TIMEOUT_MS);
		const ready = () => {
			clearTimeout(timer);
			socket.open = true;
			ws.send(syncStepOneFrame(protocol, spec.documentName));
			resolve(socket);
		};
		ws.on('open', () => {
			if (protocol === 'hocuspocus') ws.send(authFrame(spec.documentName, spec.token ?? ''));
			else ready();
		});
		ws.on('message', (data: Buffer) => {
			const now = performance.now();
			const frame = readFrame(protocol, data);
			switch (frame.type) {
				case 'authenticated':
					ready();
					break;
				case 'denied':
					clearTimeout(timer);
					reject(new Error(`authentication denied for ${spec.documentName}: ${frame.reason}`));
					break;
				case 'sync-status':
					// Messages of one connection are handled in order, so answers arrive in sending order.
					if (socket.acknowledged + socket.refused >= socket.sent) break;
					if (frame.saved) {
						const sentAt = socket.sentAt[socket.acknowledged + socket.refused] as number;
						acknowledgement.recordValue(Math.max(1, Math.round((now - sentAt) * 1000)));
						socket.acknowledged += 1;
						phaseCounters.acknowledged += 1;
					} else {
						socket.refused += 1;
						phaseCounters.refused += 1;
					}
					break;
				case 'update':
					onDelivered(frame.update, now);
					break;
				default:
			}
		});
		ws.on('close', () => {
			socket.open = false;
			clearTimeout(timer);
			reject(new Error(`socket for ${spec.documentName} closed before it was ready`));
		});
		ws.on('error', () => {}); // a close follows
	});
}

async function runPhase(
	name: string,
	ratePerSocket: number,
	durationMs: number,
	maxOutstanding: number
): Promise<PhaseStats> {
	acknowledgement = histogram();
	storedLatency = histogram();
	delivery = histogram();
	phaseCounters = { acknowledged: 0, refused: 0, storedByPoll: 0, skipped: 0 };
	for (const s of sockets) {
		s.sentInPhase = 0;
		if (ratePerSocket > 0) s.phaseStarts.push({ clock: s.sent, phase: name });
	}
	const cpuStart = process.cpuUsage();
	const started = performance.now();
	let sent = 0;
	let payloadBytes = 0;
	await new Promise<void>((resolve) => {
		const tick = () => {
			const now = performance.now();
			const elapsed = Math.min(now - started, durationMs);
			for (const [index, socket] of sockets.entries()) {
				// Sockets are spread evenly over the sending period, as independent typists would be.
				const due = Math.floor((elapsed / 1000) * ratePerSocket + index / sockets.length);
				while (socket.sentInPhase < due) {
					socket.sentInPhase += 1;
					const outstanding =
						protocol === 'hocuspocus'
							? socket.sent - socket.acknowledged - socket.refused
							: socket.ws.bufferedAmount > 1 << 20
								? maxOutstanding
								: 0;
					if (!socket.open || outstanding >= maxOutstanding) {
						phaseCounters.skipped += 1;
						continue;
					}
					grow(socket);
					const update = keystrokeUpdate(socket.client, socket.sent);
					socket.sentAt[socket.sent] = performance.now();
					socket.ws.send(updateFrame(protocol, socket.spec.documentName, update));
					payloadBytes += update.byteLength;
					socket.sent += 1;
					sent += 1;
				}
			}
			if (now - started >= durationMs) resolve();
			else setTimeout(tick, TICK_MS);
		};
		tick();
	});
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuStart);
	let backlog = 0;
	for (const s of sockets) backlog += s.sent - s.acknowledged - s.refused;
	return {
		name,
		ratePerSocket,
		offeredPerSecond: ratePerSocket * sockets.length,
		wallMs,
		sent,
		payloadBytes,
		acknowledged: phaseCounters.acknowledged,
		refused: phaseCounters.refused,
		storedByPoll: phaseCounters.storedByPoll,
		skipped: phaseCounters.skipped,
		backlogAtEnd: protocol === 'hocuspocus' ? backlog : 0,
		openSockets: sockets.filter((s) => s.open).length,
		acknowledgement: percentiles(acknowledgement),
		storedByPollLatency: percentiles(storedLatency),
		delivery: percentiles(delivery),
		generatorCpu: (cpu.user + cpu.system) / 1000 / wallMs
	};
}

/** Polls the Database extension's table; an edit counts as stored once a written state contains it. */
function startPoller(poll: StoredStatePoll): { stop(): Promise<void> } {
	const sql = postgres(poll.databaseUrl, { max: 1, onnotice: () => {} });
	const versions = new Map<string, string>();
	const socketsByDocument = new Map<string, LoadSocket[]>();
	for (const s of sockets) {
		const list = socketsByDocument.get(s.spec.documentName) ?? [];
		list.push(s);
		socketsByDocument.set(s.spec.documentName, list);
	}
	let stopped = false;
	const loop = (async () => {
		while (!stopped) {
			try {
				const rows = await sql.unsafe<{ name: string; version: string }[]>(poll.versionsQuery);
				for (const row of rows) {
					if (versions.get(row.name) === row.version) continue;
					versions.set(row.name, row.version);
					const [stored] = await sql.unsafe<{ state: Uint8Array }[]>(poll.stateQuery, [row.name]);
					if (!stored) continue;
					const now = performance.now();
					const vector = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.state));
					for (const s of socketsByDocument.get(row.name) ?? []) {
						const clock = Math.min(vector.get(s.client) ?? 0, s.sent);
						for (let k = s.storedByPoll; k < clock; k++) {
							const us = Math.max(1, Math.round((now - (s.sentAt[k] as number)) * 1000));
							storedLatency.recordValue(us);
							const phase = sendingPhase(s, k);
							const h = storedBySendingPhase.get(phase) ?? histogram();
							h.recordValue(us);
							storedBySendingPhase.set(phase, h);
						}
						if (clock > s.storedByPoll) {
							phaseCounters.storedByPoll += clock - s.storedByPoll;
							s.storedByPoll = clock;
						}
					}
				}
			} catch {
				// The server (and so the database writes) may be gone mid-run: keep polling until stopped.
			}
			await new Promise((resolve) => setTimeout(resolve, poll.intervalMs));
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			await sql.end({ timeout: 1 });
		}
	};
}

/** Loads each document through the server as a new client would, and returns its state vector. */
async function verify(specs: SocketSpec[], timeoutMs: number): Promise<DocumentState[]> {
	return Promise.all(
		specs.map(
			(spec) =>
				new Promise<DocumentState>((resolve) => {
					const ws = new WebSocket(spec.url, { headers: spec.headers, perMessageDeflate: false });
					ws.binaryType = 'nodebuffer';
					const finish = (state: DocumentState) => {
						clearTimeout(timer);
						ws.terminate();
						resolve(state);
					};
					const timer = setTimeout(
						() => finish({ documentName: spec.documentName, stateVector: [], error: 'timed out' }),
						timeoutMs
					);
					ws.on('open', () => {
						if (protocol === 'hocuspocus') ws.send(authFrame(spec.documentName, spec.token ?? ''));
						else ws.send(syncStepOneFrame(protocol, spec.documentName));
					});
					ws.on('message', (data: Buffer) => {
						const frame = readFrame(protocol, data);
						if (frame.type === 'authenticated') ws.send(syncStepOneFrame(protocol, spec.documentName));
						else if (frame.type === 'denied')
							finish({ documentName: spec.documentName, stateVector: [], error: frame.reason });
						else if (frame.type === 'state') {
							const vector = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(frame.update));
							finish({ documentName: spec.documentName, stateVector: [...vector.entries()] });
						}
					});
					ws.on('error', () => {});
					ws.on('close', () => finish({ documentName: spec.documentName, stateVector: [], error: 'closed' }));
				})
		)
	);
}

async function handle(message: ToGenerator): Promise<void> {
	switch (message.type) {
		case 'connect': {
			protocol = message.protocol;
			const started = performance.now();
			sockets = await Promise.all(message.sockets.map(connectSocket));
			for (const s of sockets) byClient.set(s.client, s);
			if (message.poll) poller = startPoller(message.poll);
			send({ type: 'connected', sockets: sockets.length, ms: performance.now() - started });
			break;
		}
		case 'phase':
			send({
				type: 'phase-done',
				stats: await runPhase(message.name, message.ratePerSocket, message.durationMs, message.maxOutstanding)
			});
			break;
		case 'audit': {
			const audit: SocketAudit[] = sockets.map((s) => ({
				documentName: s.spec.documentName,
				client: s.client,
				sent: s.sent,
				acknowledged: s.acknowledged,
				storedByPoll: s.storedByPoll
			}));
			send({ type: 'audit', sockets: audit });
			break;
		}
		case 'settle': {
			// Until every edit sent is in a stored state (stock Hocuspocus stores 2-10 s after an edit).
			const started = performance.now();
			const unstored = () => sockets.reduce((sum, s) => sum + (s.sent - s.storedByPoll), 0);
			while (unstored() > 0 && performance.now() - started < message.timeoutMs) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			send({ type: 'settled', ms: performance.now() - started, unstored: unstored() });
			break;
		}
		case 'stored-latency':
			send({
				type: 'stored-latency',
				byPhase: Object.fromEntries([...storedBySendingPhase].map(([phase, h]) => [phase, percentiles(h)]))
			});
			break;
		case 'disconnect':
			await poller?.stop();
			poller = null;
			for (const s of sockets) s.ws.terminate();
			send({ type: 'disconnected' });
			break;
		case 'verify':
			protocol = message.protocol;
			send({ type: 'verified', documents: await verify(message.sockets, message.timeoutMs) });
			break;
		case 'exit':
			await poller?.stop();
			for (const s of sockets) s.ws.terminate();
			process.exit(0);
	}
}

process.on('message', (message: ToGenerator) => {
	handle(message).catch((error: unknown) => send({ type: 'error', message: String(error) }));
});
send({ type: 'ready' });
