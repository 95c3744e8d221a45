// The shape of a document's Y.Doc, versioned by `meta.schemaVersion`, and the one conversion between
// versions. Version 2 (issue 16): the goal's statement and metric are root `Y.Text`s and each action
// step's text is a `Y.Text`, where version 1 kept plain strings that the last writer replaced.
//
// The server converts a document when it loads it, before any client syncs it (server/collaboration/
// shape-migration.ts). Two processes may load the same document at once (scale-out), and converting a
// string twice would insert its text twice, so the conversion is made convergent rather than
// exclusive: it runs as one fixed Yjs client from the same state, so both produce the same items with
// the same ids, and Yjs keeps one copy. It only ever runs on a version 1 document; it is idempotent
// because it marks the document as version 2 in the same transaction.
import * as Y from 'yjs';
import { ACTION_STEPS_ROOT, rootArray, rootMap } from './action-steps.ts';
import { GOAL_ROOT, GOAL_TEXT_ROOTS, goalText, type GoalTextKey } from './goal-document.ts';

export const SCHEMA_VERSION = 2;

/**
 * The Yjs client id the conversion writes as. Clients draw theirs at random from 2^32; a fixed one makes
 * two conversions of the same state identical. (Never used for anything else.)
 */
const CONVERSION_CLIENT_ID = 2;

export function schemaVersionOf(doc: Y.Doc): number {
	const version: unknown = rootMap(doc, 'meta', false)?.get('schemaVersion');
	return typeof version === 'number' && Number.isInteger(version) ? version : 1;
}

/** Converts version 1 strings to shared texts in `doc` (already in a transaction, as the conversion client). */
function convert(doc: Y.Doc): void {
	const goal = rootMap(doc, GOAL_ROOT, false);
	if (goal) {
		for (const key of Object.keys(GOAL_TEXT_ROOTS) as GoalTextKey[]) {
			const legacy: unknown = goal.get(key);
			if (typeof legacy !== 'string') continue;
			const text = goalText(doc, key);
			if (!text) continue; // a root of another type: reading falls back to the string, leave it
			if (text.length === 0 && legacy !== '') text.insert(0, legacy);
			goal.delete(key);
		}
	}
	rootArray(doc, ACTION_STEPS_ROOT, false)?.forEach((entry) => {
		if (!(entry instanceof Y.Map)) return;
		const legacy: unknown = entry.get('text');
		if (typeof legacy === 'string') entry.set('text', new Y.Text(legacy));
	});
	const meta = rootMap(doc, 'meta', true);
	meta?.set('schemaVersion', SCHEMA_VERSION);
}

/**
 * The update that brings the document whose full state is `state` to the current shape, or null when
 * it is there already. Apply it to the live document like any edit: it is stored and sent to clients.
 */
export function shapeMigrationUpdate(state: Uint8Array): Uint8Array | null {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		if (schemaVersionOf(doc) >= SCHEMA_VERSION) return null;
		// Set after applying: Yjs draws a new id when a remote update carries items of the doc's own id.
		doc.clientID = CONVERSION_CLIENT_ID;
		const before = Y.encodeStateVector(doc);
		doc.transact(() => convert(doc));
		return Y.encodeStateAsUpdate(doc, before);
	} finally {
		doc.destroy();
	}
}
