// What a process re-commits when a client re-syncs: the content relayed to it lately, and nothing once the
// grace period has passed (the process that relayed it has long committed it).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RELAYED_GRACE_MS, RelayedUpdates } from '../../../server/collaboration/relayed-updates.ts';

function editor(clientID: number) {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	return doc;
}

/** Applies `author`'s latest change to `holder` as a relay would, and tells `relayed` about it. */
function relay(author: Y.Doc, holder: Y.Doc, relayed: RelayedUpdates) {
	const update = Y.encodeStateAsUpdate(author, Y.encodeStateVector(holder));
	Y.applyUpdate(holder, update);
	relayed.remember('doc', holder, update);
}

function textOf(update: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

describe('RelayedUpdates', () => {
	it('gives back everything relayed lately, once, and nothing from before', () => {
		const relayed = new RelayedUpdates(() => 0);
		const holder = editor(1);
		const author = editor(2);
		author.getText('t').insert(0, 'old ');
		const inDatabase = Y.encodeStateAsUpdate(author);
		Y.applyUpdate(holder, inDatabase); // loaded from the database: not a relay
		author.getText('t').insert(4, 'relayed');
		relay(author, holder, relayed);

		const recent = relayed.takeRecent('doc', holder);
		expect(recent).not.toBeNull();
		// From where "relayed" starts, not from the beginning: the database had "old " already.
		expect(Y.parseUpdateMeta(recent!).from.get(2)).toBe(4);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, inDatabase);
		Y.applyUpdate(stored, recent!);
		expect(stored.getText('t').toString()).toBe('old relayed');
		expect(relayed.takeRecent('doc', holder)).toBeNull(); // taken once
	});

	it('forgets relays older than the grace period', () => {
		let now = 0;
		const relayed = new RelayedUpdates(() => now);
		const holder = editor(1);
		const author = editor(2);
		author.getText('t').insert(0, 'long committed');
		relay(author, holder, relayed);
		now += RELAYED_GRACE_MS + 1;
		expect(relayed.takeRecent('doc', holder)).toBeNull();
	});

	it('keeps the previous window when windows roll, so nothing relayed within the grace period is missed', () => {
		let now = 0;
		const relayed = new RelayedUpdates(() => now);
		const holder = editor(1);
		const author = editor(2);
		author.getText('t').insert(0, 'a');
		relay(author, holder, relayed);
		now += RELAYED_GRACE_MS - 10;
		author.getText('t').insert(1, 'b');
		relay(author, holder, relayed);
		now += 20; // the first window is now older than the grace period: it rolls
		author.getText('t').insert(2, 'c');
		relay(author, holder, relayed);
		const recent = relayed.takeRecent('doc', holder);
		expect(textOf(recent!)).toBe('abc');
	});
});
