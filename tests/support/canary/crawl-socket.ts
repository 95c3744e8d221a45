// The collaboration socket as one person: join every document id they know of, with the real provider, and
// record every frame the server sends (sync, awareness, close reasons) until it has synced or refused.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { SignedUp } from '../http-client.ts';
import type { CanaryBook } from './canary-book.ts';
import type { CrawlTally } from './crawl-http.ts';

const SETTLE_MS = 300;
const GIVE_UP_MS = 5000;

/** Joins `documentId` as `who`; every frame received is scanned. Resolves once synced or refused. */
async function join(
	wsUrl: string,
	who: SignedUp,
	documentId: string,
	book: CanaryBook,
	tally: CrawlTally,
	label: string
): Promise<void> {
	const origin = wsUrl.replace(/^ws/, 'http').replace(/\/collab$/, '');
	const frames: { data: Buffer; reason?: string }[] = [];
	class RecordingWebSocket extends WebSocket {
		constructor(url: string) {
			super(url, { headers: { cookie: who.client.cookieHeader, origin } });
			this.on('message', (data: Buffer | Buffer[] | ArrayBuffer) => {
				frames.push({ data: Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer) });
			});
			this.on('close', (code: number, reason: Buffer) => {
				frames.push({ data: reason, reason: `close ${code}` });
			});
		}
	}
	const socket = new HocuspocusProviderWebsocket({
		url: wsUrl,
		WebSocketPolyfill: RecordingWebSocket,
		maxAttempts: 1
	});
	const doc = new Y.Doc();
	let done!: () => void;
	const finished = new Promise<void>((resolve) => (done = resolve));
	const timer = setTimeout(done, GIVE_UP_MS);
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: documentId,
		document: doc,
		token: '',
		onSynced: () => setTimeout(done, SETTLE_MS),
		onAuthenticationFailed: () => setTimeout(done, SETTLE_MS),
		onClose: () => setTimeout(done, SETTLE_MS)
	});
	provider.attach();
	try {
		await finished;
	} finally {
		clearTimeout(timer);
		provider.destroy();
		socket.destroy();
		doc.destroy();
	}
	for (const frame of frames) {
		tally.fields += 1;
		tally.bytes += frame.data.byteLength;
		tally.sightings.push(
			...book.scan(frame.data, `socket ${label} document ${documentId} ${frame.reason ?? 'frame'}`)
		);
	}
	tally.responses += 1;
}

export async function crawlSocket(options: {
	wsUrl: string;
	who: SignedUp;
	label: string;
	documentIds: Iterable<string>;
	book: CanaryBook;
	tally: CrawlTally;
}): Promise<void> {
	const ids = [...new Set(options.documentIds)];
	// A few at a time: each join is a real connection with its own authentication.
	for (let i = 0; i < ids.length; i += 4) {
		await Promise.all(
			ids
				.slice(i, i + 4)
				.map((id) => join(options.wsUrl, options.who, id, options.book, options.tally, options.label))
		);
	}
}
