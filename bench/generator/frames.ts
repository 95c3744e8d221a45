// The two wire formats the bench speaks, as pre-encoded frames for load sockets, and a classifier cheap enough
// to run on every frame a client receives. Hocuspocus frames are [document name][type][payload]; y-websocket
// frames are [type][payload], the room being the URL. Both carry y-protocols sync and awareness messages.
import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import type { JoinInfo } from '../scenario.ts';

export type Protocol = JoinInfo['protocol'];

// Hocuspocus' and y-protocols' own numbers. y-websocket numbers its sync and awareness messages the same
// way (0 and 1: Hocuspocus kept them), so one table serves both protocols.
const MESSAGE_SYNC = MessageType.Sync;
const MESSAGE_AWARENESS = MessageType.Awareness;
const MESSAGE_AUTH = MessageType.Auth;
const MESSAGE_SYNC_REPLY = MessageType.SyncReply;
const SYNC_STEP_1 = messageYjsSyncStep1;
const SYNC_STEP_2 = messageYjsSyncStep2;
const SYNC_UPDATE = messageYjsUpdate;
const AUTH_TOKEN = AuthMessageType.Token;
const AUTH_PERMISSION_DENIED = AuthMessageType.PermissionDenied;
/** The provider version our Hocuspocus clients announce after the token. */
const PROVIDER_VERSION = '4.8.0';

/** The root type every bench client types into. */
export const TEXT_NAME = 'text';

export class Framer {
	constructor(
		private readonly protocol: Protocol,
		private readonly documentName: string
	) {}

	private frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
		const encoder = encoding.createEncoder();
		if (this.protocol === 'hocuspocus') encoding.writeVarString(encoder, this.documentName);
		encoding.writeVarUint(encoder, type);
		write(encoder);
		return encoding.toUint8Array(encoder);
	}

	/** Hocuspocus only: the token message that opens the document on the socket. */
	auth(token = ''): Uint8Array {
		return this.frame(MESSAGE_AUTH, (e) => {
			encoding.writeVarUint(e, AUTH_TOKEN);
			encoding.writeVarString(e, token);
			encoding.writeVarString(e, PROVIDER_VERSION);
		});
	}

	syncStep1(stateVector = new Uint8Array([0])): Uint8Array {
		return this.frame(MESSAGE_SYNC, (e) => {
			encoding.writeVarUint(e, SYNC_STEP_1);
			encoding.writeVarUint8Array(e, stateVector);
		});
	}

	update(update: Uint8Array): Uint8Array {
		return this.frame(MESSAGE_SYNC, (e) => {
			encoding.writeVarUint(e, SYNC_UPDATE);
			encoding.writeVarUint8Array(e, update);
		});
	}

	awareness(clientId: number, clock: number, state: Record<string, unknown> | null): Uint8Array {
		return this.frame(MESSAGE_AWARENESS, (e) => {
			const update = encoding.createEncoder();
			encoding.writeVarUint(update, 1);
			encoding.writeVarUint(update, clientId);
			encoding.writeVarUint(update, clock);
			encoding.writeVarString(update, JSON.stringify(state));
			encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
		});
	}
}

/**
 * `count` keystrokes by one Yjs client, each its own update, as a typist appending to their own run of text
 * would send them. Encoded once, before the measured window.
 */
export function encodeKeystrokes(clientId: number, count: number): Uint8Array[] {
	const doc = new Y.Doc({ gc: false });
	doc.clientID = clientId;
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const text = doc.getText(TEXT_NAME);
	for (let i = 0; i < count; i++) text.insert(i, String.fromCharCode(97 + (i % 26)));
	doc.destroy();
	return updates;
}

/** What a received frame was. */
export const Received = {
	Other: 0,
	/** A document update from another client (a batch may hold several: see `updates`). */
	Update: 1,
	/** The sender's own update coming back (y-websocket echoes to every connection). */
	Echo: 2,
	Awareness: 3,
	/** Sync step 2: the document's state, the answer to our step 1. */
	SyncStep2: 4,
	/** Hocuspocus refused the document (authentication or permission). */
	Denied: 5
} as const;

/** Mutable, reused for every frame so the hot path allocates nothing. */
export interface Classified {
	kind: (typeof Received)[keyof typeof Received];
	/** Update frames: how many clients' updates the frame carries (servers that batch merge several). */
	updates: number;
}

/**
 * Classifies a received frame with a hand-rolled reader (no strings decoded, nothing allocated). For an
 * update, each client group in the Yjs update stands for one keystroke: servers that batch (Hocuspocus 4)
 * merge a turn's updates into one, and within one turn no typist sends two. Servers echo the sender's own
 * update back to it (y-websocket always, Hocuspocus 4 inside a merged batch), so the group of `ownClient`
 * is not a delivery.
 */
export function classify(
	protocol: Protocol,
	data: Uint8Array,
	ownClient: number,
	out: Classified,
	start = 0,
	end = data.length
): Classified {
	out.kind = Received.Other;
	out.updates = 0;
	const reader: Reader = { data, position: start, end };
	if (protocol === 'hocuspocus') skipBytes(reader, readVarUint(reader));
	const type = readVarUint(reader);
	if (type === MESSAGE_AUTH) {
		if (readVarUint(reader) === AUTH_PERMISSION_DENIED) out.kind = Received.Denied;
		return out;
	}
	if (type === MESSAGE_AWARENESS) {
		out.kind = Received.Awareness;
		return out;
	}
	if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return out;
	const step = readVarUint(reader);
	if (step === SYNC_STEP_2) {
		out.kind = Received.SyncStep2;
		return out;
	}
	if (step !== SYNC_UPDATE) return out;
	readVarUint(reader); // payload length
	const groups = readVarUint(reader);
	let fromOthers = 0;
	for (let group = 0; group < groups; group++) {
		const structs = readVarUint(reader);
		const client = readVarUint(reader);
		if (client !== ownClient) fromOthers += 1;
		if (group === groups - 1) break; // the rest need not be read
		readVarUint(reader); // clock
		for (let i = 0; i < structs; i++) skipStruct(reader);
		if (reader.position > end) {
			// Content this reader does not know: count every group rather than guess.
			fromOthers = groups;
			break;
		}
	}
	if (fromOthers === 0) {
		out.kind = Received.Echo;
		return out;
	}
	out.kind = Received.Update;
	out.updates = fromOthers;
	return out;
}

interface Reader {
	data: Uint8Array;
	position: number;
	/** The frame ends here; the buffer may go on with the next one. */
	end: number;
}

function readVarUint(reader: Reader): number {
	let value = 0;
	let multiplier = 1;
	for (;;) {
		if (reader.position >= reader.end) {
			reader.position = reader.end + 1; // read past the end: the caller sees it
			return 0;
		}
		const byte = reader.data[reader.position++]!;
		value += (byte & 0x7f) * multiplier;
		if (byte < 0x80) return value;
		multiplier *= 128;
	}
}

function skipBytes(reader: Reader, count: number): void {
	reader.position += count;
}

/** A Yjs item id: client, clock. */
function skipId(reader: Reader): void {
	readVarUint(reader);
	readVarUint(reader);
}

function skipVarInt(reader: Reader): void {
	while ((reader.data[reader.position++] ?? 0) >= 0x80);
}

/** lib0 `writeAny`. */
function skipAny(reader: Reader): void {
	const type = reader.data[reader.position++] ?? 127;
	switch (type) {
		case 125: // integer
			return skipVarInt(reader);
		case 124: // float32
			return skipBytes(reader, 4);
		case 123: // float64
		case 122: // bigint
			return skipBytes(reader, 8);
		case 119: // string
		case 116: // Uint8Array
			return skipBytes(reader, readVarUint(reader));
		case 118: {
			const entries = readVarUint(reader);
			for (let i = 0; i < entries; i++) {
				skipBytes(reader, readVarUint(reader));
				skipAny(reader);
			}
			return;
		}
		case 117: {
			const items = readVarUint(reader);
			for (let i = 0; i < items; i++) skipAny(reader);
			return;
		}
		default: // undefined, null, true, false
			return;
	}
}

/** One struct of a Yjs V1 update (GC, Skip or Item with any content), as yjs `readStructs` reads it. */
function skipStruct(reader: Reader): void {
	const info = reader.data[reader.position++] ?? 0;
	const ref = info & 0x1f;
	if (ref === 0 || ref === 10) return void readVarUint(reader); // GC, Skip: a length
	const hasOrigin = (info & 0x80) !== 0;
	const hasRightOrigin = (info & 0x40) !== 0;
	if (hasOrigin) skipId(reader);
	if (hasRightOrigin) skipId(reader);
	if (!hasOrigin && !hasRightOrigin) {
		if (readVarUint(reader) === 1)
			skipBytes(reader, readVarUint(reader)); // root type name
		else skipId(reader); // parent item id
		if ((info & 0x20) !== 0) skipBytes(reader, readVarUint(reader)); // map key
	}
	switch (ref) {
		case 1: // deleted
			return void readVarUint(reader);
		case 2: {
			// JSON
			const count = readVarUint(reader);
			for (let i = 0; i < count; i++) skipBytes(reader, readVarUint(reader));
			return;
		}
		case 3: // binary
		case 4: // string
		case 5: // embed
			return skipBytes(reader, readVarUint(reader));
		case 6: // format
			skipBytes(reader, readVarUint(reader));
			return skipBytes(reader, readVarUint(reader));
		case 7: {
			// type
			const typeRef = readVarUint(reader);
			if (typeRef === 3 || typeRef === 5) skipBytes(reader, readVarUint(reader));
			return;
		}
		case 8: {
			// any
			const count = readVarUint(reader);
			for (let i = 0; i < count; i++) skipAny(reader);
			return;
		}
		case 9: // doc
			skipBytes(reader, readVarUint(reader));
			return skipAny(reader);
		default:
			reader.position = Infinity;
	}
}
