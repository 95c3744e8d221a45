// Group commit: writes from the same moment share one statement, a failed batch fails only its own callers,
// and a batch of edit stamps leaves each document the editor it would have had one statement at a time.
import { collaborationLimits } from '../../../server/collaboration/limits.ts';
import { eq } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/db/client.ts';
import { GroupWriter } from '../../../src/lib/server/db/group-writer.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { LastEdits } from '../../../src/lib/server/documents/last-edits.ts';
import { newId } from '../../../src/lib/server/ids.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

describe('GroupWriter', () => {
	it('writes what arrives in one tick as one batch, and splits at the batch size', async () => {
		const batches: number[][] = [];
		const writer = new GroupWriter<number>((batch) => {
			batches.push(batch);
			return Promise.resolve();
		}, 3);
		await Promise.all([1, 2, 3, 4, 5].map((n) => writer.add(n)));
		expect(batches).toEqual([
			[1, 2, 3],
			[4, 5]
		]);
	});

	it('rejects every caller of a failed batch, and the next batch still goes out', async () => {
		let failNext = true;
		const written: string[] = [];
		const writer = new GroupWriter<string>((batch) => {
			if (failNext) {
				failNext = false;
				return Promise.reject(new Error('database gone'));
			}
			written.push(...batch);
			return Promise.resolve();
		}, collaborationLimits.updateLogBatch);
		const failed = await Promise.allSettled([writer.add('a'), writer.add('b')]);
		expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
		await writer.add('c');
		await writer.drain();
		expect(written).toEqual(['c']);
	});
});

describe('LastEdits', () => {
	let client: PGlite;
	let db: Db;
	const ana = newId();
	const ben = newId();
	let workspaceId: string;

	beforeAll(async () => {
		({ client, db } = await openInMemoryDatabase());
		workspaceId = newId();
		await db.insert(schema.users).values([
			{ id: ana, email: 'ana@school.example', name: 'Ana', passwordHash: 'x' },
			{ id: ben, email: 'ben@school.example', name: 'Ben', passwordHash: 'x' }
		]);
		await db.insert(schema.workspaces).values({ id: workspaceId, name: 'W' });
	});
	afterAll(async () => {
		await client.close();
	});

	async function documentEditedBy(editor: string | null): Promise<string> {
		const id = newId();
		await db
			.insert(schema.documents)
			.values({ id, workspaceId, kind: 'note', title: 'T', createdBy: ana, updatedBy: editor });
		return id;
	}

	async function editorOf(documentId: string): Promise<string | null> {
		const [row] = await db
			.select({ updatedBy: schema.documents.updatedBy })
			.from(schema.documents)
			.where(eq(schema.documents.id, documentId));
		return row?.updatedBy ?? null;
	}

	it('keeps the latest editor per document in a batch, and a change by nobody keeps the last editor', async () => {
		const lastEdits = new LastEdits(db, collaborationLimits.lastEditsBatch);
		const twice = await documentEditedBy(null);
		const byServer = await documentEditedBy(ana);
		const thenServer = await documentEditedBy(null);
		await Promise.all([
			lastEdits.stamp(twice, ana),
			lastEdits.stamp(twice, ben),
			lastEdits.stamp(byServer, null),
			lastEdits.stamp(thenServer, ben),
			lastEdits.stamp(thenServer, null)
		]);
		expect(await editorOf(twice)).toBe(ben);
		expect(await editorOf(byServer)).toBe(ana);
		expect(await editorOf(thenServer)).toBe(ben);
	});
});
