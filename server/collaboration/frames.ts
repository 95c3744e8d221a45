// A client's Hocuspocus frame ([document name][message type][payload]), parsed once into a typed value:
// the frame guard refuses what does not parse (by closing the socket), and the acknowledgement path reads
// the update out of the same value. The numbers are Hocuspocus' and y-protocols' own.
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { collaborationLimits } from './limits.ts';

export { MessageType };

const MAX_AWARENESS_CLIENTS = collaborationLimits.awarenessClientsPerFrame;

export type ClientFrame = { documentName: string } & (
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	/** The client's reply to the server's state when it (re)connects: everything the server lacks. */
	| { type: 'sync-step-2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'auth' }
	| { type: 'stateless'; payload: string }
	| { type: 'query-awareness' | 'close' | 'ping' | 'pong' }
);

export class MalformedFrame extends Error {
	constructor(detail: string) {
		super(`malformed frame: ${detail}`);
		this.name = 'MalformedFrame';
	}
}

const parsed = new WeakMap<Uint8Array, ClientFrame>();

/**
 * The frame as a typed value; throws MalformedFrame unless it is one a Hocuspocus client may send with an
 * envelope that decodes. The Yjs update inside is checked where it is applied; here only its length prefix
 * must hold. Each frame is parsed once: the hooks that see the same bytes share the result.
 */
export function readClientFrame(bytes: Uint8Array): ClientFrame {
	let frame = parsed.get(bytes);
	if (!frame) {
		frame = parseClientFrame(bytes);
		parsed.set(bytes, frame);
	}
	return frame;
}

/** The Yjs update a frame carries (sync step 2 or update), or null for every other kind of frame. */
export function documentUpdateOf(frame: ClientFrame): Uint8Array | null {
	return frame.type === 'sync-step-2' || frame.type === 'update' ? frame.update : null;
}

function parseClientFrame(bytes: Uint8Array): ClientFrame {
	try {
		const decoder = decoding.createDecoder(bytes);
		const documentName = decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.Sync:
			case MessageType.SyncReply: {
				const step = decoding.readVarUint(decoder);
				const payload = () => decoding.readVarUint8Array(decoder);
				if (step === messageYjsSyncStep1) {
					// A state vector is small and cheap to read whole; Hocuspocus would only close the document.
					const stateVector = payload();
					assertStateVector(stateVector);
					return { documentName, type: 'sync-step-1', stateVector };
				}
				if (step === messageYjsSyncStep2) return { documentName, type: 'sync-step-2', update: payload() };
				if (step === messageYjsUpdate) return { documentName, type: 'update', update: payload() };
				throw new MalformedFrame(`unknown sync step ${step}`);
			}
			case MessageType.Awareness: {
				const update = decoding.readVarUint8Array(decoder);
				assertAwarenessUpdate(update);
				return { documentName, type: 'awareness', update };
			}
			case MessageType.Auth:
				// [auth message type][token]: a token that does not decode is garbage, not a wrong token.
				decoding.readVarUint(decoder);
				decoding.readVarString(decoder);
				return { documentName, type: 'auth' };
			case MessageType.Stateless:
				return { documentName, type: 'stateless', payload: decoding.readVarString(decoder) };
			case MessageType.QueryAwareness:
				return { documentName, type: 'query-awareness' };
			case MessageType.CLOSE:
				return { documentName, type: 'close' };
			case MessageType.Ping:
				return { documentName, type: 'ping' };
			case MessageType.Pong:
				return { documentName, type: 'pong' };
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
	if (count > MAX_AWARENESS_CLIENTS) throw new MalformedFrame(`awareness update for ${count} clients`);
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
