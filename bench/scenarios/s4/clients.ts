// The clients of the cold-load scenario: a writer that streams a document's history over one socket and
// waits for every frame's acknowledgement, and joiners (real providers with an empty Y.Doc) timed from
// opening a socket to holding the whole document.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { JoinInfo } from '../../scenario.ts';
import { authFrame, readFrame, syncStepOneFrame, updateFrame } from '../s5/keystrokes.ts';

type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/** A ws class that sends a browser's headers (Tandem's session cookie and Origin) on the upgrade. */
function withHeaders(headers: Record<string, string>): WebSocketClass {
	return class HeaderWebSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers, perMessageDeflate: false });
		}
	};
}

/** Frames in flight at once: a deep pipeline without flooding the server's per-connection queue. */
const WRITE_WINDOW = 64;

/**
 * Sends `frames` (Yjs updates) over one Hocuspocus socket and resolves when the server has acknowledged
 * each (Tandem: committed; stock Hocuspocus: applied). Hocuspocus handles one connection's messages in
 * order, so the socket carries them to the server's durable path one after another. Sending starts once
 * the server's sync step 2 arrives (the document is loaded; before that Hocuspocus queues at most 1,000
 * messages) and keeps WRITE_WINDOW frames in flight.
 */
export function writeHistory(
	join: JoinInfo,
	frames: readonly Uint8Array[],
	timeoutMs = 300_000
): Promise<void> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(join.url, { headers: join.headers, perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		let acknowledged = 0;
		let sent = 0;
		let loaded = false;
		const timer = setTimeout(() => fail(new Error(`history not acknowledged in ${timeoutMs} ms`)), timeoutMs);
		const fail = (error: Error) => {
			clearTimeout(timer);
			ws.terminate();
			reject(error);
		};
		const fill = () => {
			while (sent < frames.length && sent - acknowledged < WRITE_WINDOW) {
				ws.send(updateFrame('hocuspocus', join.documentName, frames[sent] as Uint8Array));
				sent += 1;
			}
		};
		ws.on('open', () => ws.send(authFrame(join.documentName, '')));
		ws.on('message', (data: Buffer) => {
			const frame = readFrame('hocuspocus', data);
			if (frame.type === 'denied') fail(new Error(`denied: ${frame.reason}`));
			else if (frame.type === 'authenticated') ws.send(syncStepOneFrame('hocuspocus', join.documentName));
			else if (frame.type === 'state' && !loaded) {
				loaded = true;
				fill();
			} else if (frame.type === 'sync-status') {
				if (!frame.saved) return fail(new Error(`frame ${acknowledged} was not saved`));
				acknowledged += 1;
				if (acknowledged === frames.length) {
					clearTimeout(timer);
					ws.once('close', () => resolve());
					ws.close();
				} else fill();
			}
		});
		ws.on('error', (error) => fail(error));
		ws.on('close', (code) => {
			if (acknowledged < frames.length)
				fail(new Error(`socket closed (${code}) after ${acknowledged} acknowledgements`));
		});
	});
}

export interface Joined {
	doc: Y.Doc;
	/** From opening the socket to holding the server's whole document, ms. */
	ms: number;
	leave(): void;
}

/** Joins with an empty document through the provider a browser would use for this server. */
export function join(info: JoinInfo, options: { timeoutMs?: number; doc?: Y.Doc } = {}): Promise<Joined> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const doc = options.doc ?? new Y.Doc();
	const started = performance.now();
	return new Promise((resolve, reject) => {
		let leave: () => void = () => {};
		const timer = setTimeout(() => {
			leave();
			reject(new Error(`join of ${info.documentName} not synced in ${timeoutMs} ms`));
		}, timeoutMs);
		const synced = () => {
			clearTimeout(timer);
			resolve({ doc, ms: performance.now() - started, leave });
		};
		if (info.protocol === 'hocuspocus') {
			const socket = new HocuspocusProviderWebsocket({
				url: info.url,
				WebSocketPolyfill: withHeaders(info.headers),
				maxAttempts: 1
			});
			let done = false;
			const provider = new HocuspocusProvider({
				websocketProvider: socket,
				name: info.documentName,
				document: doc,
				token: '',
				onSynced: ({ state }) => {
					if (!state || done) return;
					done = true;
					synced();
				}
			});
			provider.attach();
			leave = () => {
				provider.destroy();
				socket.destroy();
			};
		} else {
			const provider = new WebsocketProvider(info.serverUrl, info.documentName, doc, {
				WebSocketPolyfill: withHeaders(info.headers) as unknown as typeof globalThis.WebSocket,
				// Node has BroadcastChannel: without this, joiners in one process would sync each other.
				disableBc: true
			});
			const onSync = (isSynced: boolean) => {
				if (!isSynced) return;
				provider.off('sync', onSync);
				synced();
			};
			provider.on('sync', onSync);
			leave = () => {
				provider.destroy();
				// The provider's awareness keeps an interval timer until it is destroyed itself.
				provider.awareness.destroy();
			};
		}
	});
}

/**
 * Holds a document with its whole history on a y-websocket server or the relay: the provider answers the
 * server's (or, through the relay, every joiner's) sync step 1 from the full Y.Doc.
 */
export function holdDocument(info: JoinInfo, doc: Y.Doc, waitForSync: boolean): Promise<() => void> {
	return new Promise((resolve, reject) => {
		const provider = new WebsocketProvider(info.serverUrl, info.documentName, doc, {
			WebSocketPolyfill: withHeaders(info.headers) as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		const leave = () => {
			provider.destroy();
			// The held document outlives the provider (it is shared by every server): stop its awareness timer.
			provider.awareness.destroy();
		};
		const timer = setTimeout(() => {
			leave();
			reject(new Error(`holder of ${info.documentName} not ready`));
		}, 30_000);
		const ready = () => {
			clearTimeout(timer);
			resolve(leave);
		};
		if (waitForSync) {
			provider.on('sync', (isSynced: boolean) => {
				if (isSynced) ready();
			});
		} else {
			provider.on('status', ({ status }: { status: string }) => {
				if (status === 'connected') ready();
			});
		}
	});
}
