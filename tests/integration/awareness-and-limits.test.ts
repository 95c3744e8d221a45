// Awareness is capped at 20 forwarded frames per second per connection; documents have a size cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('awareness rate limit and document size cap (pglite)', () => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer('pglite', { DOCUMENT_SIZE_CAP: '65536' });
		owner = await signUp(server.url, { workspace: 'Limits School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('forwards at most 20 awareness frames per second from one connection, and the latest one last', async () => {
		const documentId = await createWorkspaceDocument(owner, 'Presence');
		const flooder = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		const watcher = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		try {
			await Promise.all([flooder.authenticated, watcher.authenticated]);
			await waitFor(() => flooder.provider.isSynced && watcher.provider.isSynced, 10_000, 'sync');
			const flooderId = flooder.doc.clientID;
			const seen: number[] = [];
			watcher.provider.awareness!.on(
				'update',
				({ added, updated }: { added: number[]; updated: number[] }) => {
					if ([...added, ...updated].includes(flooderId)) seen.push(Date.now());
				}
			);
			await new Promise((resolve) => setTimeout(resolve, 1100)); // start from a fresh window
			seen.length = 0;
			const started = Date.now();
			for (let i = 0; i < 200; i++) {
				flooder.provider.setAwarenessField('cursor', { anchor: i, head: i });
				if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
			}
			await new Promise((resolve) => setTimeout(resolve, 2200));
			const firstSecond = seen.filter((t) => t - started < 1000).length;
			console.log(
				`awareness flood: 200 frames sent, ${seen.length} forwarded (${firstSecond} in the first second)`
			);
			expect(firstSecond).toBeLessThanOrEqual(21);
			expect(seen.length).toBeLessThanOrEqual(45);
			const last = watcher.provider.awareness!.getStates().get(flooderId);
			expect(last?.cursor).toEqual({ anchor: 199, head: 199 });
		} finally {
			flooder.destroy();
			watcher.destroy();
		}
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
