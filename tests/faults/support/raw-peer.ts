// A collaboration socket without a provider: it authenticates and syncs with pre-encoded frames, then sends
// whatever a test wants (floods, garbage) and reports every frame the server sends back.
import WebSocket from 'ws';
import {
	AuthMessage,
	MessageType,
	SyncStep,
	authFrame,
	decodeFrame,
	openRawSocket,
	syncStep1Frame,
	type DecodedFrame,
	type RawSocketOptions
} from './wire.ts';

export interface RawPeer {
	socket: WebSocket;
	/** Called with each frame the server sends (undecodable ones are skipped). */
	onFrame(listener: (frame: DecodedFrame, receivedAt: number) => void): void;
	/** The close code once the socket closed, else null. */
	closeCode(): number | null;
	/** Resolves with the close code (now, if closed already). */
	closed: Promise<number>;
	send(frame: Uint8Array | string): void;
	isOpen(): boolean;
}

export function peerOn(socket: WebSocket): RawPeer {
	const listeners: ((frame: DecodedFrame, receivedAt: number) => void)[] = [];
	let code: number | null = null;
	const closed = new Promise<number>((resolve) => {
		socket.once('close', (closeCode: number) => {
			code = closeCode;
			resolve(closeCode);
		});
	});
	socket.on('error', () => {});
	socket.on('message', (data: Buffer) => {
		let frame: DecodedFrame;
		try {
			frame = decodeFrame(data);
		} catch {
			return;
		}
		const now = Date.now();
		for (const listener of listeners) listener(frame, now);
	});
	return {
		socket,
		onFrame: (listener) => void listeners.push(listener),
		closeCode: () => code,
		closed,
		send(frame) {
			if (socket.readyState === WebSocket.OPEN) socket.send(frame);
		},
		isOpen: () => socket.readyState === WebSocket.OPEN
	};
}

/** Opens a socket, authenticates for `documentName` and waits for the server's copy (sync step 2). */
export async function joinRaw(
	wsUrl: string,
	documentName: string,
	options: RawSocketOptions & { timeoutMs?: number } = {}
): Promise<RawPeer> {
	const peer = peerOn(await openRawSocket(wsUrl, options));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`no sync within ${options.timeoutMs ?? 10_000} ms`)),
			options.timeoutMs ?? 10_000
		);
		peer.onFrame((frame) => {
			if (frame.type === MessageType.Auth && frame.authType === AuthMessage.PermissionDenied) {
				clearTimeout(timer);
				reject(new Error(`permission denied for ${documentName}`));
			}
			if (
				(frame.type === MessageType.Sync || frame.type === MessageType.SyncReply) &&
				frame.syncStep === SyncStep.Two
			) {
				clearTimeout(timer);
				resolve();
			}
		});
		void peer.closed.then((code) => {
			clearTimeout(timer);
			reject(new Error(`closed with ${code} before sync`));
		});
		peer.send(authFrame(documentName));
		peer.send(syncStep1Frame(documentName));
	});
	return peer;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
