// Reads just enough of a Hocuspocus frame to find document updates: [name][type][syncType][update].
import * as decoding from 'lib0/decoding';

const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

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
