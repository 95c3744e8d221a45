// After a crash, a document's log tail is folded by the first load, so later cold loads read one snapshot
// row plus a bounded tail, not every row typed since the last store (issue 7, S4). A store while people
// keep typing leaves a short tail alone; the store when the last of them leaves folds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { createWorkspaceDocument, storedWithEditor } from '../support/fixtures.ts';
import { signUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { eventually, scrapeMetrics } from '../faults/support/services.ts';

describe.each(backends)('tail compaction (%s)', (backend) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer(backend, { METRICS_TOKEN: 'tail' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('folds the tail a crash left behind at the next load', async () => {
		const owner = await signUp(server.url, { workspace: 'Tail School' });
		const documentId = await createWorkspaceDocument(owner, 'Typed, then crashed');
		const writer = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
		for (let i = 0; i < 150; i++) {
			writer.doc.getText('probe').insert(i, 'k');
			await writer.allSaved();
		}
		// Killed before the debounced store: 150 rows stay in the log.
		await server.kill9();
		writer.destroy();
		await server.restart();

		// Each load after the restart: the first reads the whole tail and folds it in the background; once
		// the fold has landed, a load reads one snapshot row.
		const loads: number[] = [];
		for (let attempt = 0; attempt < 20; attempt++) {
			const reader = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
			expect(reader.doc.getText('probe').toString()).toBe('k'.repeat(150));
			reader.destroy();
			const unloaded = await eventually(
				async () => (await scrapeMetrics(server, 'tail')).get('tandem_documents_loaded') === 0,
				10_000
			);
			expect(unloaded).toBe(true);
			const metrics = await scrapeMetrics(server, 'tail');
			loads.push(metrics.get('tandem_document_load_rows_sum') ?? 0);
			if ((metrics.get('tandem_document_load_rows_bucket{le="1"}') ?? 0) > 0) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const metrics = await scrapeMetrics(server, 'tail');
		expect(metrics.get('tandem_document_load_rows_bucket{le="1"}'), `rows read so far: ${loads}`).toBe(1);
		// Only the loads before the fold landed read the tail.
		expect((metrics.get('tandem_document_load_rows_count') ?? 0) - 1).toBeLessThanOrEqual(3);
	});

	it('leaves a short tail to stores while the writer stays, and folds it when the last writer leaves', async () => {
		const owner = await signUp(server.url, { workspace: 'Short Tail School' });
		const documentId = await createWorkspaceDocument(owner, 'Typed and kept open');
		const writer = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
		for (let i = 0; i < 20; i++) {
			writer.doc.getText('probe').insert(i, 'k');
			await writer.allSaved();
		}
		await storedWithEditor(owner, documentId);
		// Killed after that store, with the writer still there: no store folded the 20 rows.
		await server.kill9();
		writer.destroy();
		await server.restart();

		const reader = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
		expect(reader.doc.getText('probe').toString()).toBe('k'.repeat(20));
		let metrics = await scrapeMetrics(server, 'tail');
		expect(metrics.get('tandem_document_load_rows_sum'), 'one snapshot row and the 20-row tail').toBe(21);
		reader.doc.getText('probe').insert(20, '!');
		await reader.allSaved();
		reader.destroy();
		const unloaded = await eventually(
			async () => (await scrapeMetrics(server, 'tail')).get('tandem_documents_loaded') === 0,
			10_000
		);
		expect(unloaded).toBe(true);

		const again = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
		expect(again.doc.getText('probe').toString()).toBe('k'.repeat(20) + '!');
		again.destroy();
		metrics = await scrapeMetrics(server, 'tail');
		expect(metrics.get('tandem_document_load_rows_bucket{le="1"}'), 'the leaving store folded it').toBe(1);
	});
});
