// The two wire formats the bench speaks, as pre-encoded frames for load sockets, and a classifier cheap enough
// to run on every frame a client receives. Hocuspocus frames are [document name][type][payload]; y-websocket
// frames are [type][payload], the room being the URL. Both carry y-protocols sync and awareness messages.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { JoinInfo } from '../scenario.ts';

export type Protocol = JoinInfo['protocol'];

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_SYNC_REPLY = 4;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const AUTH_PERMISSION_DENIED = 1;
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
			encoding.writeVarUint(e, 0);
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
 * Classifies a received frame with a hand-rolled varint reader (no strings decoded). For an update, the
 * number of client groups in the Yjs update stands for the number of keystrokes merged into it: within one
 * batch window no typist sends two, so groups = deliveries. `ownClient` spots an echo of our own update.
 */
export function classify(
	protocol: Protocol,
	data: Uint8Array,
	ownClient: number,
	out: Classified
): Classified {
	out.kind = Received.Other;
	out.updates = 0;
	let position = 0;
	const readVarUint = (): number => {
		let value = 0;
		let multiplier = 1;
		for (;;) {
			const byte = data[position++];
			if (byte === undefined) return -1;
			value += (byte & 0x7f) * multiplier;
			if (byte < 0x80) return value;
			multiplier *= 128;
		}
	};
	if (protocol === 'hocuspocus') {
		const nameLength = readVarUint();
		if (nameLength < 0) return out;
		position += nameLength;
	}
	const type = readVarUint();
	if (type === MESSAGE_AUTH) {
		if (readVarUint() === AUTH_PERMISSION_DENIED) out.kind = Received.Denied;
		return out;
	}
	if (type === MESSAGE_AWARENESS) {
		out.kind = Received.Awareness;
		return out;
	}
	if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return out;
	const step = readVarUint();
	if (step === SYNC_STEP_2) {
		out.kind = Received.SyncStep2;
		return out;
	}
	if (step !== SYNC_UPDATE) return out;
	readVarUint(); // payload length
	const groups = readVarUint();
	readVarUint(); // structs in the first group
	const firstClient = readVarUint();
	if (groups === 1 && firstClient === ownClient) {
		out.kind = Received.Echo;
		return out;
	}
	out.kind = Received.Update;
	out.updates = Math.max(1, groups);
	return out;
}
