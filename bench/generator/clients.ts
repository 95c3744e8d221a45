// The two kinds of client the generator holds. A probe is a real editor: a full Y.Doc behind the real
// provider for its server (HocuspocusProvider, or y-websocket's WebsocketProvider), typing and timing how long
// other probes' keystrokes take to reach it. A load socket is a bare websocket (lite-socket.ts) sending frames
// encoded up front and counting what it receives, so that thousands of them cost the generator little.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { JoinInfo } from '../scenario.ts';
import { classify, encodeKeystrokes, Framer, Received, TEXT_NAME, type Classified } from './frames.ts';
import { clientFrame, LiteSocket } from './lite-socket.ts';

/** Shared by every client in the generator; reset at the start of each measured window. */
export const counters = {
	deliveries: 0,
	deliveryFrames: 0,
	awarenessFrames: 0,
	receivedBytes: 0,
	updatesSent: 0,
	awarenessSent: 0,
	closed: 0
};

export function resetCounters(): void {
	for (const key of Object.keys(counters) as (keyof typeof counters)[]) counters[key] = 0;
}

/** Latency is recorded only inside a measured window, for keystrokes typed inside it. */
export const measurement = {
	active: false,
	startedAt: 0,
	record: (_micros: number): void => {}
};

const scratch: Classified = { kind: Received.Other, updates: 0 };

function received(protocol: JoinInfo['protocol'], data: Uint8Array, ownClient: number): Classified {
	const frame = classify(protocol, data, ownClient, scratch);
	counters.receivedBytes += data.length;
	if (frame.kind === Received.Update) {
		counters.deliveries += frame.updates;
		counters.deliveryFrames += 1;
	} else if (frame.kind === Received.Awareness) counters.awarenessFrames += 1;
	return frame;
}

const usedClientIds = new Set<number>();
/** A Yjs client id as Yjs draws them (random uint32), unique within the generator. */
export function newClientId(): number {
	for (;;) {
		const id = Math.floor(Math.random() * 0xffffffff) >>> 0;
		if (id !== 0 && !usedClientIds.has(id)) {
			usedClientIds.add(id);
			return id;
		}
	}
}

export interface BenchClient {
	readonly role: 'probe' | 'load';
	readonly isOpen: boolean;
	/** Resolves once the client holds the server's copy of the document. */
	open(syncedOnOpen: boolean, timeoutMs: number): Promise<void>;
	/** Encode what `keystrokes` and `cursors` more sends will need (load sockets; probes type live). */
	prepare(keystrokes: number, cursors: number): void;
	keystroke(): void;
	cursor(): void;
	/** An awareness renewal, as y-protocols sends every 15 s when nothing else has (load sockets only). */
	heartbeat(now: number): void;
	close(): void;
}

let probeCount = 0;

export class ProbeClient implements BenchClient {
	readonly role = 'probe';
	readonly doc = new Y.Doc();
	private readonly text = this.doc.getText(TEXT_NAME);
	private readonly stamps = this.doc.getMap<number>('stamps');
	private readonly name = `Probe ${++probeCount}`;
	private destroyProvider: () => void = () => {};
	private awareness: Awareness | null = null;
	private opened = false;
	private moves = 0;

	constructor(private readonly join: JoinInfo) {
		this.doc.clientID = newClientId();
		// A probe's keystroke writes its send time under its client id; every other probe reads it on apply.
		this.stamps.observe((event) => {
			if (!measurement.active || event.transaction.local) return;
			const now = performance.now();
			for (const key of event.keysChanged) {
				const sentAt = this.stamps.get(key);
				if (typeof sentAt === 'number' && sentAt >= measurement.startedAt)
					measurement.record(Math.max(1, Math.round((now - sentAt) * 1000)));
			}
		});
	}

	get isOpen() {
		return this.opened;
	}

	open(syncedOnOpen: boolean, timeoutMs: number): Promise<void> {
		const { protocol, headers } = this.join;
		const ownClient = this.doc.clientID;
		const onClose = () => {
			if (this.opened) counters.closed += 1;
			this.opened = false;
		};
		class CountingWebSocket extends WebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols ?? [], { headers, perMessageDeflate: false });
				this.on('message', (data: Buffer | ArrayBuffer) =>
					received(protocol, data instanceof ArrayBuffer ? new Uint8Array(data) : data, ownClient)
				);
				this.on('close', onClose);
			}
		}
		return withTimeout(timeoutMs, `${this.name} sync`, (resolve, reject) => {
			const synced = () => {
				if (this.opened) return;
				this.opened = true;
				resolve();
			};
			if (protocol === 'hocuspocus') {
				const socket = new HocuspocusProviderWebsocket({
					url: this.join.url,
					WebSocketPolyfill: CountingWebSocket,
					maxAttempts: 1
				});
				const provider = new HocuspocusProvider({
					websocketProvider: socket,
					name: this.join.documentName,
					document: this.doc,
					token: '',
					onSynced: synced,
					onAuthenticationFailed: ({ reason }) => reject(new Error(`authentication failed: ${reason}`))
				});
				provider.attach();
				this.awareness = provider.awareness;
				this.destroyProvider = () => {
					provider.destroy();
					socket.destroy();
				};
			} else {
				const provider = new WebsocketProvider(this.join.serverUrl, this.join.documentName, this.doc, {
					WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
					disableBc: true
				});
				provider.on('sync', (isSynced: boolean) => {
					if (isSynced) synced();
				});
				if (syncedOnOpen) {
					provider.on('status', ({ status }: { status: string }) => {
						if (status === 'connected') synced();
					});
					onlyLocalAwareness(provider);
				}
				this.awareness = provider.awareness;
				this.destroyProvider = () => provider.destroy();
			}
			this.awareness?.setLocalState({ user: { name: this.name }, cursor: { anchor: 0, head: 0 } });
		});
	}

	prepare(): void {}

	keystroke(): void {
		this.doc.transact(() => {
			this.text.insert(Math.floor(Math.random() * (this.text.length + 1)), 'x');
			this.stamps.set(String(this.doc.clientID), performance.now());
		});
		counters.updatesSent += 1;
	}

	cursor(): void {
		const at = ++this.moves % Math.max(1, this.text.length);
		this.awareness?.setLocalStateField('cursor', { anchor: at, head: at });
		counters.awarenessSent += 1;
	}

	heartbeat(): void {}

	close(): void {
		this.opened = false;
		this.destroyProvider();
		this.doc.destroy();
	}
}

let loadCount = 0;
/** y-protocols renews a still client's awareness state every outdatedTimeout / 2. */
const AWARENESS_RENEWAL_MS = 15_000;

export class LoadSocket implements BenchClient {
	readonly role = 'load';
	private readonly clientId = newClientId();
	private readonly framer: Framer;
	private readonly name = `Load ${++loadCount}`;
	private socket: LiteSocket | undefined;
	private opened = false;
	/** Keystrokes encoded so far and sent so far (the Yjs clock runs on across windows). */
	private keystrokesSent = 0;
	private updates: Buffer[] = [];
	private nextUpdate = 0;
	private clock = 0;
	private cursors: Buffer[] = [];
	private nextCursor = 0;
	private lastAwarenessAt = 0;

	constructor(private readonly join: JoinInfo) {
		this.framer = new Framer(join.protocol, join.documentName);
	}

	get isOpen() {
		return this.opened;
	}

	private state(at: number) {
		return { user: { name: this.name }, cursor: { anchor: at, head: at } };
	}

	open(syncedOnOpen: boolean, timeoutMs: number): Promise<void> {
		const { protocol } = this.join;
		return withTimeout(timeoutMs, `${this.name} sync`, (resolve, reject) => {
			const synced = () => {
				if (this.opened) return;
				this.opened = true;
				resolve();
			};
			const socket = new LiteSocket({
				frame: (data, start, end) => {
					counters.receivedBytes += end - start;
					const frame = classify(protocol, data, this.clientId, scratch, start, end);
					if (frame.kind === Received.Update) {
						counters.deliveries += frame.updates;
						counters.deliveryFrames += 1;
					} else if (frame.kind === Received.Awareness) counters.awarenessFrames += 1;
					else if (frame.kind === Received.SyncStep2) synced();
					else if (frame.kind === Received.Denied) reject(new Error(`${this.name}: permission denied`));
				},
				close: (code) => {
					if (this.opened) counters.closed += 1;
					this.opened = false;
					reject(new Error(`${this.name}: closed with ${code} before syncing`));
				}
			});
			this.socket = socket;
			socket.connect(this.join.url, this.join.headers).then(() => {
				if (protocol === 'hocuspocus') socket.send(clientFrame(this.framer.auth()));
				socket.send(clientFrame(this.framer.syncStep1()));
				this.sendAwareness(clientFrame(this.framer.awareness(this.clientId, this.clock, this.state(0))));
				// Renewals fall due at random, as in a room people joined at different times.
				this.lastAwarenessAt = Date.now() - Math.random() * AWARENESS_RENEWAL_MS;
				if (syncedOnOpen) synced();
			}, reject);
		});
	}

	prepare(keystrokes: number, cursors: number): void {
		const total = this.keystrokesSent + keystrokes;
		this.updates = encodeKeystrokes(this.clientId, total)
			.slice(this.keystrokesSent)
			.map((update) => clientFrame(this.framer.update(update)));
		this.nextUpdate = 0;
		this.cursors = Array.from({ length: cursors }, (_, i) =>
			clientFrame(this.framer.awareness(this.clientId, this.clock + 1 + i, this.state(i)))
		);
		this.nextCursor = 0;
	}

	keystroke(): void {
		const frame = this.updates[this.nextUpdate];
		if (!frame || !this.opened) return;
		this.nextUpdate += 1;
		this.keystrokesSent += 1;
		this.socket?.send(frame);
		counters.updatesSent += 1;
	}

	cursor(): void {
		const frame = this.cursors[this.nextCursor];
		if (!frame || !this.opened) return;
		this.nextCursor += 1;
		this.clock += 1;
		this.sendAwareness(frame);
	}

	heartbeat(now: number): void {
		if (!this.opened || now - this.lastAwarenessAt < AWARENESS_RENEWAL_MS) return;
		// Frames encoded ahead carry clocks from the current one; spend one so they stay newer than this.
		this.clock += 1;
		this.cursors = this.cursors.slice(this.nextCursor + 1);
		this.nextCursor = 0;
		this.sendAwareness(clientFrame(this.framer.awareness(this.clientId, this.clock, this.state(0))));
	}

	private sendAwareness(frame: Buffer): void {
		this.lastAwarenessAt = Date.now();
		this.socket?.send(frame);
		counters.awarenessSent += 1;
	}

	close(): void {
		this.opened = false;
		this.socket?.terminate();
	}
}

/**
 * y-websocket's provider re-sends every awareness change it applies, remote ones included. Its server drops
 * those (same clock), but a relay forwards them to the whole room, multiplying the floor's traffic by the
 * number of probes. On the relay, probes send only their own changes.
 */
function onlyLocalAwareness(provider: WebsocketProvider): void {
	const internal = provider as unknown as {
		_awarenessUpdateHandler: (changes: unknown, origin: unknown) => void;
	};
	const forward = internal._awarenessUpdateHandler;
	provider.awareness.off('update', forward);
	internal._awarenessUpdateHandler = (changes, origin) => {
		if (origin === 'local') forward(changes, origin);
	};
	provider.awareness.on('update', internal._awarenessUpdateHandler);
}

function withTimeout(
	timeoutMs: number,
	what: string,
	body: (resolve: () => void, reject: (error: Error) => void) => void
): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what}: timed out after ${timeoutMs} ms`)), timeoutMs);
		body(
			() => {
				clearTimeout(timer);
				resolve();
			},
			(error) => {
				clearTimeout(timer);
				reject(error);
			}
		);
	});
}
