// /metrics: Prometheus text behind METRICS_TOKEN, counting what an operator watches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('metrics (pglite)', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer('pglite', { METRICS_TOKEN: 'scrape-secret' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('requires the token, then reports connections and committed updates', async () => {
		expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
		expect(
			(await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status
		).toBe(401);

		const owner = await signUp(server.url, { workspace: 'Metrics School' });
		const documentId = await createWorkspaceDocument(owner, 'Watched');
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		try {
			await client.authenticated;
			await waitFor(() => client.provider.isSynced, 10_000, 'sync');
			for (let i = 0; i < 5; i++) {
				client.doc.getText('probe').insert(0, 'x');
				await client.allSaved();
			}
			const response = await fetch(`${server.url}/metrics`, {
				headers: { authorization: 'Bearer scrape-secret' }
			});
			expect(response.status).toBe(200);
			const text = await response.text();
			const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
			expect(value('tandem_connections')).toBe(1);
			expect(value('tandem_documents_loaded')).toBe(1);
			expect(value('tandem_updates_appended_total')).toBeGreaterThanOrEqual(5);
			expect(value('tandem_update_commit_seconds_count')).toBeGreaterThanOrEqual(5);
			expect(value('tandem_store_failures_total')).toBe(0);
			expect(text).toMatch(/^tandem_update_commit_seconds_bucket\{le="\+Inf"\} \d+$/m);
			// What issue 7 asks an operator to see: acknowledgement latency, loads, event-loop delay.
			expect(value('tandem_acknowledgement_seconds_count')).toBeGreaterThanOrEqual(5);
			expect(value('tandem_document_load_rows_count')).toBe(1);
			expect(value('tandem_document_load_failures_total')).toBe(0);
			expect(value('tandem_unlogged_updates')).toBe(0);
			expect(text).toMatch(/^tandem_event_loop_delay_seconds\{quantile="0\.99"\} [\d.e-]+$/m);
			expect(text).toMatch(/^tandem_scale_out\{instance=""\} 0$/m);
			expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
			expect(value('nodejs_heap_used_bytes')).toBeGreaterThan(0);
			// Every line is a comment or `name{labels} value`: what a Prometheus scraper accepts.
			for (const line of text.trimEnd().split('\n')) {
				expect(line).toMatch(
					/^(# (HELP|TYPE) \w+ .+|[a-z_]+(\{[^}]*\})? -?[\d.e+-]+|[a-z_]+(\{[^}]*\})? NaN)$/
				);
			}
		} finally {
			client.destroy();
		}
	});
});
