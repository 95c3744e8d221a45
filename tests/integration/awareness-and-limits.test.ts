// Documents have a size cap. (The awareness rate limit is the fault battery's awareness flood:
// tests/integration/fault-awareness.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('document size cap (pglite)', () => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer('pglite', { DOCUMENT_SIZE_CAP: '65536' });
		owner = await signUp(server.url, { workspace: 'Limits School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('refuses an edit past the size cap with 4413 and keeps what was saved', async () => {
		const documentId = await createWorkspaceDocument(owner, 'Big');
		const writer = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		try {
			await writer.authenticated;
			await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
			writer.doc.getText('probe').insert(0, 'kept');
			await writer.allSaved();
			const closed = writer.nextClose(5000);
			writer.doc.getText('probe').insert(4, 'x'.repeat(70_000));
			expect(await closed).toBe(4413);
		} finally {
			writer.destroy();
		}
		const reader = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		try {
			await reader.authenticated;
			await waitFor(() => reader.provider.isSynced, 10_000, 'sync');
			expect(reader.doc.getText('probe').toString()).toBe('kept');
		} finally {
			reader.destroy();
		}
	});
});
