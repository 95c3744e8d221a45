// "Saved" after a reconnect (docs/design.md §5): the edits a device made while disconnected travel in its sync
// step 2 reply, which the provider counts as one change waiting (it starts each sync at 1) and the server
// acknowledges only after the commit. With the database slowed down, "saved" must still wait until those
// edits are committed. Postgres only: the delay is injected at the wire by the fault proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp } from '../support/http-client.ts';
import { reportMissing } from '../faults/support/services.ts';
import { readStoredDocument, startProxiedServer, type ProxiedServer } from '../faults/support/tandem.ts';

const LOG_APPEND = /insert into "document_updates"/;
const APPEND_DELAY_MS = 1200;

if (!process.env.TEST_DATABASE_URL) {
	describe('saved after a reconnect', () => {
		reportMissing('saved after a reconnect', 'no Postgres server (TEST_DATABASE_URL)');
	});
} else {
	describe('saved after a reconnect (postgres)', () => {
		let target: ProxiedServer;
		beforeAll(async () => {
			target = await startProxiedServer();
		});
		afterAll(async () => {
			await target?.dispose();
		});

		it('shows saved only once the edits made while disconnected are committed', async () => {
			const owner = await signUp(target.server.url, { workspace: 'Offline School' });
			const documentId = await createWorkspaceDocument(owner, 'Typed on the bus');
			const client = connectClient({
				wsUrl: target.server.wsUrl,
				documentId,
				cookie: owner.client.cookieHeader,
				reconnect: true
			});
			try {
				await client.authenticated;
				await client.allSaved();

				client.socket.disconnect();
				await waitFor(() => !client.provider.isSynced, 5000, 'the provider to notice the disconnect');
				client.doc.getText('probe').insert(0, 'written-while-offline');
				target.proxy.setRules([{ pattern: LOG_APPEND, action: { delayMs: APPEND_DELAY_MS } }]);

				const reconnectedAt = Date.now();
				await client.socket.connect();
				await client.allSaved(15_000);
				const savedAfterMs = Date.now() - reconnectedAt;
				target.proxy.setRules([]);

				// The moment the client believed it saved, the edit had to be in the database already.
				const stored = await readStoredDocument({ databaseUrl: target.directUrl }, documentId);
				expect(stored.doc.getText('probe').toString()).toContain('written-while-offline');
				expect(savedAfterMs).toBeGreaterThanOrEqual(APPEND_DELAY_MS - 100);
			} finally {
				target.proxy.setRules([]);
				client.destroy();
			}
		});
	});
}
