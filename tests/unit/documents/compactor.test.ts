// The compactor merges off the main thread; a runaway input costs a worker, never the server.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CompactionError, Compactor } from '../../../src/lib/server/documents/compactor.ts';
import { yjs687Vectors } from '../../fixtures/yjs-687-vectors.ts';

function edits(count: number): { snapshot: Uint8Array; updates: Uint8Array[]; expected: string } {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, 'start:');
	const snapshot = Y.encodeStateAsUpdate(doc);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (let i = 0; i < count; i++) text.insert(text.length, `${i},`);
	return { snapshot, updates, expected: text.toString() };
}

describe('Compactor', () => {
	let compactor: Compactor;
	afterEach(async () => {
		await compactor?.close();
	});

	it('merges a snapshot and its log into one equivalent state', async () => {
		compactor = new Compactor();
		const { snapshot, updates, expected } = edits(200);
		const merged = await compactor.merge(snapshot, updates);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, merged);
		expect(doc.getText('t').toString()).toBe(expected);
		expect(merged.byteLength).toBeLessThan(
			snapshot.byteLength + updates.reduce((s, u) => s + u.byteLength, 0)
		);
	});

	it.each(Object.entries(yjs687Vectors))(
		'contains the yjs#687 vector %s within its time budget',
		async (_name, vector) => {
			compactor = new Compactor({ timeoutMs: 2000, maxHeapMb: 64 });
			const started = Date.now();
			const outcome = await compactor.merge(null, [vector]).then(
				() => 'merged',
				(error: unknown) => (error instanceof CompactionError ? 'rejected' : 'crashed')
			);
			expect(['merged', 'rejected']).toContain(outcome);
			expect(Date.now() - started).toBeLessThan(5000);
			// The next job is served, by the same worker or a fresh one.
			const { snapshot, updates, expected } = edits(3);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, await compactor.merge(snapshot, updates));
			expect(doc.getText('t').toString()).toBe(expected);
		}
	);

	it('gives up on a job that overruns its time budget and serves the next one', async () => {
		compactor = new Compactor({ timeoutMs: 10_000, maxHeapMb: 64 });
		const big = edits(20_000);
		await expect(compactor.merge(big.snapshot, big.updates, 1)).rejects.toThrow(/timed out/);
		const small = edits(3);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await compactor.merge(small.snapshot, small.updates));
		expect(doc.getText('t').toString()).toBe(small.expected);
	});
});
