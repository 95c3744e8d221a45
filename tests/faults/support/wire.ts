// The Hocuspocus 4 wire protocol, frame by frame, for clients that must be cheap (thousands of sockets,
// floods) or deliberately wrong. A frame is [document name][message type][payload] (lib0 varints).
import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

// Hocuspocus' and y-protocols' own numbers, the ones the server's frame parser (server/collaboration/frames.ts) reads.
export { MessageType };
export const SyncStep = {
	One: messageYjsSyncStep1,
	Two: messageYjsSyncStep2,
	Update: messageYjsUpdate
} as const;
export const AuthMessage = {
	Token: AuthMessageType.Token,
	PermissionDenied: AuthMessageType.PermissionDenied,
	Authenticated: AuthMessageType.Authenticated
} as const;

/** The provider version our clients announce (the server reads it after the token). */
const PROVIDER_VERSION = '4.8.0';
/** `Y.encodeStateVector` of an empty document: "send me everything". */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

function frame(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, documentName);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export function authFrame(documentName: string, token = ''): Uint8Array {
	return frame(documentName, (e) => {
		encoding.writeVarUint(e, MessageType.Auth);
		encoding.writeVarUint(e, AuthMessage.Token);
		encoding.writeVarString(e, token);
		encoding.writeVarString(e, PROVIDER_VERSION);
	});
}

export function syncFrame(documentName: string, step: number, payload: Uint8Array): Uint8Array {
	return frame(documentName, (e) => {
		encoding.writeVarUint(e, MessageType.Sync);
		encoding.writeVarUint(e, step);
		encoding.writeVarUint8Array(e, payload);
	});
}

export function syncStep1Frame(documentName: string, stateVector = EMPTY_STATE_VECTOR): Uint8Array {
	return syncFrame(documentName, SyncStep.One, stateVector);
}

export function updateFrame(documentName: string, update: Uint8Array): Uint8Array {
	return syncFrame(documentName, SyncStep.Update, update);
}

export function awarenessFrame(documentName: string, awarenessUpdate: Uint8Array): Uint8Array {
	return frame(documentName, (e) => {
		encoding.writeVarUint(e, MessageType.Awareness);
		encoding.writeVarUint8Array(e, awarenessUpdate);
	});
}

/** A y-protocols awareness update for one client, without an Awareness instance (no timers, no Y.Doc). */
export function awarenessUpdate(
	clientId: number,
	clock: number,
	state: Record<string, unknown> | null
): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clientId);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, JSON.stringify(state));
	return encoding.toUint8Array(e);
}

export interface DecodedFrame {
	documentName: string;
	type: number;
	/** Sync and SyncReply frames: the step, and the update or state vector it carries. */
	syncStep?: number;
	payload?: Uint8Array;
	/** Auth frames from the server. */
	authType?: number;
	/** SyncStatus frames: whether the update was applied (and, on Tandem, committed). */
	synced?: boolean;
}

/** Reads the envelope of a frame the server sent; the payload is left as bytes. */
export function decodeFrame(data: Uint8Array): DecodedFrame {
	const decoder = decoding.createDecoder(data);
	const documentName = decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	const decoded: DecodedFrame = { documentName, type };
	if (type === MessageType.Sync || type === MessageType.SyncReply) {
		decoded.syncStep = decoding.readVarUint(decoder);
		decoded.payload = decoding.readVarUint8Array(decoder);
	} else if (type === MessageType.Auth) {
		decoded.authType = decoding.readVarUint(decoder);
	} else if (type === MessageType.SyncStatus) {
		decoded.synced = decoding.readVarUint(decoder) === 1;
	} else if (type === MessageType.Awareness) {
		decoded.payload = decoding.readVarUint8Array(decoder);
	}
	return decoded;
}

export interface RawSocketOptions {
	cookie?: string;
	origin?: string;
	/** The client address a trusted proxy would name (the server must run with TRUST_PROXY=loopback). */
	forwardedFor?: string;
}

/** A plain websocket to the collaboration endpoint, with the headers a browser would send. */
export function openRawSocket(wsUrl: string, options: RawSocketOptions = {}): Promise<WebSocket> {
	const headers: Record<string, string> = {};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.origin) headers.origin = options.origin;
	if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(wsUrl, { headers, perMessageDeflate: false });
		socket.binaryType = 'nodebuffer';
		socket.once('open', () => resolve(socket));
		socket.once('error', reject);
	});
}

export type JoinOutcome = 'synced' | 'denied' | 'closed' | 'timeout';

/**
 * One connect → authenticate → sync → disconnect cycle on a raw socket. Resolves with how it ended and the
 * close code, if the server closed first.
 */
export async function joinOnce(
	wsUrl: string,
	documentName: string,
	options: RawSocketOptions & { timeoutMs?: number } = {}
): Promise<{ outcome: JoinOutcome; closeCode?: number }> {
	let socket: WebSocket;
	try {
		socket = await openRawSocket(wsUrl, options);
	} catch {
		return { outcome: 'closed' };
	}
	return new Promise((resolve) => {
		let settled = false;
		const finish = (outcome: JoinOutcome, closeCode?: number) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (socket.readyState === WebSocket.OPEN) socket.close(1000);
			resolve({ outcome, closeCode });
		};
		const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 10_000);
		socket.on('message', (data: Buffer) => {
			let decoded: DecodedFrame;
			try {
				decoded = decodeFrame(data);
			} catch {
				return;
			}
			if (decoded.type === MessageType.Auth && decoded.authType === AuthMessage.PermissionDenied)
				finish('denied');
			if (
				(decoded.type === MessageType.Sync || decoded.type === MessageType.SyncReply) &&
				decoded.syncStep === SyncStep.Two
			)
				finish('synced');
		});
		socket.on('close', (code) => finish('closed', code));
		socket.on('error', () => finish('closed'));
		socket.send(authFrame(documentName));
		socket.send(syncStep1Frame(documentName));
	});
}
