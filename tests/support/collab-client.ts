// A real HocuspocusProvider in Node, with the headers a browser would send (cookie, Origin).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { resyncInsteadOfReplay } from '../../src/lib/collab/resync-instead-of-replay.ts';

export interface CollabClientOptions {
	wsUrl: string;
	documentId: string;
	cookie?: string;
	origin?: string | null;
	token?: string;
	/** Reconnect after a close? Off by default so tests see close codes plainly. */
	reconnect?: boolean;
	/**
	 * Other processes serving the same documents: each new socket takes the next address after the last one
	 * (wsUrl first), as a load balancer would send a reconnecting client to whichever instance is left.
	 */
	failoverUrls?: string[];
}

export interface CollabClient {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	socket: HocuspocusProviderWebsocket;
	closes: number[];
	authenticated: Promise<void>;
	/** Resolves with the first close code (or rejects after the timeout). */
	nextClose(timeoutMs?: number): Promise<number>;
	/** Resolves once every local change has been acknowledged by the server. */
	allSaved(timeoutMs?: number): Promise<void>;
	destroy(): void;
}

export function connectClient(options: CollabClientOptions): CollabClient {
	const headers: Record<string, string> = {};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.origin !== null)
		headers.origin = options.origin ?? options.wsUrl.replace(/^ws/, 'http').replace(/\/collab$/, '');
	const urls = [options.wsUrl, ...(options.failoverUrls ?? [])];
	let sockets = 0;
	class HeaderWebSocket extends WebSocket {
		constructor(url: string) {
			super(urls.length > 1 ? (urls[sockets++ % urls.length] as string) : url, { headers });
			// The provider drops its own handlers before it closes a socket; one closed while still connecting
			// (a reconnect after the server refused a write) then emits an error nobody hears, which Node throws.
			this.on('error', () => {});
		}
	}
	const closes: number[] = [];
	const closeWaiters: ((code: number) => void)[] = [];
	const socket = new HocuspocusProviderWebsocket({
		url: options.wsUrl,
		WebSocketPolyfill: HeaderWebSocket,
		maxAttempts: options.reconnect ? 0 : 1,
		delay: 100,
		minDelay: 100,
		maxDelay: 500,
		onClose: ({ event }) => {
			closes.push(event.code);
			for (const waiter of closeWaiters.splice(0)) waiter(event.code);
		}
	});
	// As in the browser (src/lib/collab/connect.ts): "saved" waits for everything re-sent after a reconnect.
	resyncInsteadOfReplay(socket);
	const doc = new Y.Doc();
	let authenticatedResolve!: () => void;
	let authenticatedReject!: (error: Error) => void;
	const authenticated = new Promise<void>((resolve, reject) => {
		authenticatedResolve = resolve;
		authenticatedReject = reject;
	});
	authenticated.catch(() => {});
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: options.documentId,
		document: doc,
		token: options.token ?? '',
		onAuthenticated: () => authenticatedResolve(),
		onAuthenticationFailed: ({ reason }) => authenticatedReject(new Error(`authentication failed: ${reason}`))
	});
	provider.attach();

	return {
		doc,
		provider,
		socket,
		closes,
		authenticated,
		nextClose(timeoutMs = 5000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no close within ${timeoutMs} ms`)), timeoutMs);
				closeWaiters.push((code) => {
					clearTimeout(timer);
					resolve(code);
				});
			});
		},
		allSaved(timeoutMs = 10_000) {
			// Event-driven, not polled: benchmarks time this, so it must resolve the moment the ack lands.
			const saved = () => provider.isSynced && !provider.hasUnsyncedChanges;
			if (saved()) return Promise.resolve();
			return new Promise<void>((resolve, reject) => {
				const check = () => {
					if (!saved()) return;
					cleanup();
					resolve();
				};
				const timer = setTimeout(() => {
					cleanup();
					reject(new Error(`timed out after ${timeoutMs} ms waiting for all changes saved`));
				}, timeoutMs);
				const cleanup = () => {
					clearTimeout(timer);
					provider.off('unsyncedChanges', check);
					provider.off('synced', check);
				};
				provider.on('unsyncedChanges', check);
				provider.on('synced', check);
			});
		},
		destroy() {
			provider.destroy();
			socket.destroy();
			doc.destroy();
		}
	};
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A client that is authenticated and has the server's copy of the document. */
export async function connectSynced(
	wsUrl: string,
	documentId: string,
	cookie: string
): Promise<CollabClient> {
	const client = connectClient({ wsUrl, documentId, cookie });
	await client.authenticated;
	await waitFor(() => client.provider.isSynced, 10_000, 'sync');
	return client;
}
