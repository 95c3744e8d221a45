// Pre-encoded keystrokes and the two wire protocols, so a load socket costs a few microseconds per edit.
// A socket types into its own chain of a shared Y.Text: its edit number k is the Yjs struct (client, k),
// so a document's state vector says exactly which of a socket's edits it holds (the kill -9 audit).
import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

export const TEXT_NAME = 'keystrokes';

/** Hocuspocus' message types and y-protocols' sync steps (y-websocket numbers sync and awareness alike). */
export const Message = MessageType;
export const SyncStep = {
	One: messageYjsSyncStep1,
	Two: messageYjsSyncStep2,
	Update: messageYjsUpdate
} as const;
const AUTH_TOKEN = AuthMessageType.Token;
const AUTH_PERMISSION_DENIED = AuthMessageType.PermissionDenied;
const AUTH_AUTHENTICATED = AuthMessageType.Authenticated;

/**
 * The V1 update for a socket's k-th keystroke: one character appended to its own chain. The first one
 * names the shared type; every later one hangs off the previous one (its left origin), as typing does.
 */
export function keystrokeUpdate(client: number, clock: number, char = 'x'): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // one client
	encoding.writeVarUint(encoder, 1); // one struct
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, clock);
	if (clock === 0) {
		encoding.writeUint8(encoder, 4); // ContentString, no origins: the parent follows
		encoding.writeVarUint(encoder, 1); // the parent is a root type, named by key
		encoding.writeVarString(encoder, TEXT_NAME);
	} else {
		encoding.writeUint8(encoder, 0x80 | 4); // ContentString with a left origin
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, clock - 1);
	}
	encoding.writeVarString(encoder, char);
	encoding.writeVarUint(encoder, 0); // empty delete set
	return encoding.toUint8Array(encoder);
}

export type WireProtocol = 'hocuspocus' | 'y-websocket';

/** A sync-protocol message, addressed to a document when the protocol is Hocuspocus's. */
function syncMessage(
	protocol: WireProtocol,
	documentName: string,
	step: number,
	payload: Uint8Array
): Uint8Array {
	const encoder = encoding.createEncoder();
	if (protocol === 'hocuspocus') encoding.writeVarString(encoder, documentName);
	encoding.writeVarUint(encoder, Message.Sync);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export function updateFrame(protocol: WireProtocol, documentName: string, update: Uint8Array): Uint8Array {
	return syncMessage(protocol, documentName, SyncStep.Update, update);
}

/** Sync step 1 with an empty state vector: "send me everything". */
export function syncStepOneFrame(protocol: WireProtocol, documentName: string): Uint8Array {
	return syncMessage(protocol, documentName, SyncStep.One, new Uint8Array([0]));
}

export function authFrame(documentName: string, token: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, documentName);
	encoding.writeVarUint(encoder, Message.Auth);
	encoding.writeVarUint(encoder, AUTH_TOKEN);
	encoding.writeVarString(encoder, token);
	return encoding.toUint8Array(encoder);
}

export type Incoming =
	| { type: 'authenticated' }
	| { type: 'denied'; reason: string }
	| { type: 'sync-status'; saved: boolean }
	| { type: 'state'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'other' };

/** Reads what a load socket needs from a server frame: acknowledgements, peers' updates, full states. */
export function readFrame(protocol: WireProtocol, data: Uint8Array): Incoming {
	const decoder = decoding.createDecoder(data);
	if (protocol === 'hocuspocus') decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	if (protocol === 'hocuspocus' && type === Message.Auth) {
		const kind = decoding.readVarUint(decoder);
		if (kind === AUTH_AUTHENTICATED) return { type: 'authenticated' };
		if (kind === AUTH_PERMISSION_DENIED) return { type: 'denied', reason: decoding.readVarString(decoder) };
		return { type: 'other' };
	}
	if (protocol === 'hocuspocus' && type === Message.SyncStatus)
		return { type: 'sync-status', saved: decoding.readVarUint(decoder) === 1 };
	if (type === Message.Sync || (protocol === 'hocuspocus' && type === Message.SyncReply)) {
		const step = decoding.readVarUint(decoder);
		if (step === SyncStep.Two) return { type: 'state', update: decoding.readVarUint8Array(decoder) };
		if (step === SyncStep.Update) return { type: 'update', update: decoding.readVarUint8Array(decoder) };
	}
	return { type: 'other' };
}

/** The first struct's (client, clock) of an update: which keystroke a peer's broadcast carries. */
export function firstStruct(update: Uint8Array): { client: number; clock: number } | null {
	const decoder = decoding.createDecoder(update);
	if (decoding.readVarUint(decoder) === 0) return null;
	decoding.readVarUint(decoder); // structs of this client
	const client = decoding.readVarUint(decoder);
	const clock = decoding.readVarUint(decoder);
	return { client, clock };
}
