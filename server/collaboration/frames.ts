// Reads Hocuspocus frames ([document name][message type][payload]) before Hocuspocus does, so malformed
// frames can be refused by closing the socket, and document updates can be found for the durable path.
import * as decoding from 'lib0/decoding';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const MESSAGE_SYNC_REPLY = 4;
const MESSAGE_STATELESS = 5;
const MESSAGE_CLOSE = 7;
const MESSAGE_PING = 9;
const MESSAGE_PONG = 10;

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export class MalformedFrame extends Error {
	constructor(detail: string) {
		super(`malformed frame: ${detail}`);
		this.name = 'MalformedFrame';
	}
}

/** The Yjs update a frame carries (sync step 2 or update), or null for every other kind of frame. */
export function readDocumentUpdate(frame: Uint8Array): Uint8Array | null {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return null;
	const syncType = decoding.readVarUint(decoder);
	if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return null;
	return decoding.readVarUint8Array(decoder);
}

/** Whether a frame is a client's sync step 2: its reply to the server's state when it (re)connects. */
export function isSyncStepTwo(frame: Uint8Array): boolean {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	return (
		(type === MESSAGE_SYNC || type === MESSAGE_SYNC_REPLY) && decoding.readVarUint(decoder) === SYNC_STEP_2
	);
}

/**
 * Checks that a frame is one a Hocuspocus client may send and that its envelope decodes. The Yjs update
 * inside a sync frame is checked where it is applied; here only its length prefix must hold.
 */
export function assertWellFormedFrame(frame: Uint8Array): void {
	try {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC:
			case MESSAGE_SYNC_REPLY: {
				const syncType = decoding.readVarUint(decoder);
				if (syncType !== SYNC_STEP_1 && syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) {
					throw new MalformedFrame(`unknown sync step ${syncType}`);
				}
				const payload = decoding.readVarUint8Array(decoder);
				// A state vector is small and cheap to read whole; Hocuspocus would only close the document.
				if (syncType === SYNC_STEP_1) assertStateVector(payload);
				return;
			}
			case MESSAGE_AWARENESS:
				assertAwarenessUpdate(decoding.readVarUint8Array(decoder));
				return;
			case MESSAGE_AUTH:
				// [auth message type][token]: a token that does not decode is garbage, not a wrong token.
				decoding.readVarUint(decoder);
				decoding.readVarString(decoder);
				return;
			case MESSAGE_QUERY_AWARENESS:
			case MESSAGE_CLOSE:
			case MESSAGE_PING:
			case MESSAGE_PONG:
				return;
			case MESSAGE_STATELESS:
				decoding.readVarString(decoder);
				return;
			default:
				throw new MalformedFrame(`message type ${type} is not accepted from clients`);
		}
	} catch (error) {
		if (error instanceof MalformedFrame) throw error;
		throw new MalformedFrame(String(error instanceof Error ? error.message : error));
	}
}

function assertAwarenessUpdate(update: Uint8Array): void {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	if (count > 1000) throw new MalformedFrame(`awareness update for ${count} clients`);
	for (let i = 0; i < count; i++) {
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		// y-protocols stores each state as given: null (the client left) or an object, never a bare value.
		const state: unknown = JSON.parse(decoding.readVarString(decoder));
		if (typeof state !== 'object' || Array.isArray(state))
			throw new MalformedFrame('an awareness state must be an object or null');
	}
}

function assertStateVector(stateVector: Uint8Array): void {
	const decoder = decoding.createDecoder(stateVector);
	const clients = decoding.readVarUint(decoder);
	for (let i = 0; i < clients; i++) {
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
	}
	if (decoding.hasContent(decoder)) throw new MalformedFrame('bytes after the state vector');
}
