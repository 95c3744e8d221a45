// Storage round trip (property): whatever mix of appends and compactions, loading gives back the document.
import { collaborationLimits } from '../../../server/collaboration/limits.ts';
import fc from 'fast-check';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { Compactor } from '../../../src/lib/server/documents/compactor.ts';
import { DocumentStateStore } from '../../../src/lib/server/documents/state-store.ts';
import { UpdateLog } from '../../../src/lib/server/documents/update-log.ts';
import { newId } from '../../../src/lib/server/ids.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

describe('DocumentStateStore + UpdateLog', () => {
	let client: PGlite;
	let db: Db;
	let compactor: Compactor;
	let userId: string;
	let workspaceId: string;

	beforeAll(async () => {
		({ client, db } = await openInMemoryDatabase());
		compactor = new Compactor();
		userId = newId();
		workspaceId = newId();
		await db.insert(schema.users).values({ id: userId, email: 'a@b.example', name: 'A', passwordHash: 'x' });
		await db.insert(schema.workspaces).values({ id: workspaceId, name: 'W' });
	});
	afterAll(async () => {
		await compactor.close();
		await client.close();
	});

	async function newDocument(): Promise<string> {
		const id = newId();
		await db
			.insert(schema.documents)
			.values({ id, workspaceId, kind: 'note', title: 'T', createdBy: userId });
		return id;
	}

	const step = fc.oneof(
		fc.record({
			op: fc.constant('insert' as const),
			at: fc.nat(50),
			text: fc.string({ minLength: 1, maxLength: 5 })
		}),
		fc.record({ op: fc.constant('delete' as const), at: fc.nat(50), length: fc.integer({ min: 1, max: 3 }) }),
		fc.record({ op: fc.constant('compact' as const), concurrent: fc.boolean() })
	);

	it('reloads exactly what was written, across compactions (property)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
				const documentId = await newDocument();
				const store = new DocumentStateStore(db, compactor);
				const log = new UpdateLog(db, collaborationLimits.updateLogBatch);
				const doc = new Y.Doc();
				const pending: Promise<void>[] = [];
				doc.on('update', (update: Uint8Array) => pending.push(log.append(documentId, update, userId)));
				for (const s of steps) {
					const text = doc.getText('t');
					if (s.op === 'insert') text.insert(Math.min(s.at, text.length), s.text);
					else if (s.op === 'delete') {
						const at = Math.min(s.at, text.length);
						text.delete(at, Math.min(s.length, text.length - at));
					} else {
						await Promise.all(pending);
						if (s.concurrent) await Promise.all([store.compact(documentId), store.compact(documentId)]);
						else await store.compact(documentId);
					}
				}
				await Promise.all(pending);
				const stored = await store.load(documentId);
				const reloaded = new Y.Doc();
				for (const update of stored.updates) Y.applyUpdate(reloaded, update);
				expect(reloaded.getText('t').toString()).toBe(doc.getText('t').toString());
				// After a final compaction a cold load reads exactly one row.
				await store.compact(documentId);
				const compacted = await store.load(documentId);
				expect(compacted.rowsRead).toBeLessThanOrEqual(1);
			}),
			{ numRuns: 40 }
		);
	});

	it('batches appends that arrive together into one insert (group commit)', async () => {
		const documentId = await newDocument();
		const log = new UpdateLog(db, collaborationLimits.updateLogBatch);
		await Promise.all(
			Array.from({ length: 50 }, (_, i) => log.append(documentId, new Uint8Array([i]), userId))
		);
		expect(log.stats.appended).toBe(50);
		expect(log.stats.batches).toBeLessThanOrEqual(2);
	});
});
