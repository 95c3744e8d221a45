// What an observation holds right now: the live document when it is open (with edits not yet
// compacted), else the stored state.
import * as Y from 'yjs';
import type { ObservationSnapshot } from '../../domain/observation/model.ts';
import { readObservation } from '../../domain/observation/read.ts';
import type { CollaborationControl } from '../runtime.ts';

export async function loadObservation(
	collaboration: CollaborationControl,
	documentId: string
): Promise<{ snapshot: ObservationSnapshot; state: Uint8Array }> {
	const state = await collaboration.currentState(documentId);
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return { snapshot: readObservation(doc), state };
	} finally {
		doc.destroy();
	}
}
