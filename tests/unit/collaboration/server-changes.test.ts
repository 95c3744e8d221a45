// control.change on the real collaboration server (in-memory PGlite, no sockets): server edits are written
// as one Yjs client per actor, so they do not grow a document's state vector, and each is committed with
// its author before the call resolves.
import { eq } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	collaborationLimits,
	createCollaboration,
	type Collaboration
} from '../../../server/collaboration/index.ts';
import { addComment, readComments } from '../../../src/lib/domain/comments.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import { LedgerQueue } from '../../../src/lib/server/ledger/ledger-queue.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { createDocument } from '../../../src/lib/server/documents/documents.ts';
import { newId } from '../../../src/lib/server/ids.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

describe('control.change', () => {
	let client: PGlite;
	let db: Db;
	let collaboration: Collaboration;
	let userId: string;
	let workspaceId: string;

	beforeAll(async () => {
		({ client, db } = await openInMemoryDatabase());
		userId = newId();
		workspaceId = newId();
		await db.insert(schema.users).values({ id: userId, email: 'c@d.example', name: 'C', passwordHash: 'x' });
		await db.insert(schema.workspaces).values({ id: workspaceId, name: 'W' });
		collaboration = createCollaboration({
			db,
			config: readConfig({}),
			log: () => {},
			ledger: new LedgerQueue(db, () => {}, collaborationLimits.ledgerBatch)
		});
	}, 60_000);
	afterAll(async () => {
		await collaboration.destroy();
		await client.close();
	}, 30_000);

	const newNote = async () =>
		(await createDocument(db, { workspaceId, kind: 'note', title: 'Notes', createdBy: userId })).id;

	async function stateVectorOf(documentId: string): Promise<Map<number, number>> {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await collaboration.control.currentState(documentId));
		const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
		doc.destroy();
		return vector;
	}

	it('adds one client id to the state vector for a thousand edits by one actor, not a thousand', async () => {
		const documentId = await newNote();
		const before = await stateVectorOf(documentId);
		for (let i = 0; i < 1000; i++) {
			await collaboration.control.change(documentId, { userId }, (doc) =>
				doc.getText('probe').insert(0, String(i % 10))
			);
		}
		const after = await stateVectorOf(documentId);
		expect(after.size).toBe(before.size + 1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await collaboration.control.currentState(documentId));
		expect(doc.getText('probe').length).toBe(1000);
		doc.destroy();
	}, 120_000);

	it('gives Tandem itself its own client, apart from the people it writes for', async () => {
		const documentId = await newNote();
		const before = await stateVectorOf(documentId);
		await collaboration.control.change(documentId, { userId }, (doc) => doc.getText('probe').insert(0, 'a'));
		await collaboration.control.change(documentId, { userId: null }, (doc) =>
			doc.getText('probe').insert(0, 'b')
		);
		await collaboration.control.change(documentId, { userId }, (doc) => doc.getText('probe').insert(0, 'c'));
		expect((await stateVectorOf(documentId)).size).toBe(before.size + 2);
	});

	it('resolves once the change is committed, with its author on the row', async () => {
		const documentId = await newNote();
		const comment = {
			id: 'c1',
			authorId: userId,
			text: 'Could we try wait time?',
			at: '2026-01-01T00:00:00Z',
			mentions: [],
			anchor: null
		};
		expect(
			await collaboration.control.change(documentId, { userId }, (doc) => addComment(doc, comment))
		).toBe(true);
		const rows = await db
			.select({ userId: schema.documentUpdates.userId })
			.from(schema.documentUpdates)
			.where(eq(schema.documentUpdates.documentId, documentId));
		expect(rows).toEqual([{ userId }]);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await collaboration.control.currentState(documentId));
		expect(readComments(doc)).toEqual([{ ...comment, place: null, replies: [], resolved: null }]);
		doc.destroy();
	});

	it('writes nothing and answers false when the edit changed nothing', async () => {
		const documentId = await newNote();
		expect(await collaboration.control.change(documentId, { userId }, () => {})).toBe(false);
		const rows = await db
			.select()
			.from(schema.documentUpdates)
			.where(eq(schema.documentUpdates.documentId, documentId));
		expect(rows).toHaveLength(0);
	});

	it('commits what an edit did before it threw, and hands the error to the caller', async () => {
		const documentId = await newNote();
		await expect(
			collaboration.control.change(documentId, { userId }, (doc) => {
				doc.getText('probe').insert(0, 'half');
				throw new Error('the rest could not be done');
			})
		).rejects.toThrow('the rest could not be done');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await collaboration.control.currentState(documentId));
		expect(doc.getText('probe').toString()).toBe('half');
		doc.destroy();
	});
});
