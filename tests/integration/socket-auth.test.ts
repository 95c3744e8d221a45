// Who may open the collaboration socket, and what happens when access ends while connected.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectClient } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('collaboration socket authorization (%s)', (backend) => {
	let server: TestServer;
	let admin: SignedUp;
	let documentId: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		admin = await signUp(server.url, { workspace: 'Oak Middle School' });
		documentId = await createWorkspaceDocument(admin);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('accepts a provider with a valid session cookie and syncs the document', async () => {
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: admin.client.cookieHeader });
		try {
			await client.authenticated;
			client.doc.getText('probe').insert(0, 'hello');
			await client.allSaved();
			expect(client.doc.getMap('meta').get('kind')).toBe('note');
		} finally {
			client.destroy();
		}
	});

	it('refuses a provider without a cookie with 4401', async () => {
		const client = connectClient({ wsUrl: server.wsUrl, documentId });
		try {
			await expect(client.authenticated).rejects.toThrow(/authentication failed/);
			expect(await client.nextClose()).toBe(4401);
			expect(client.doc.getMap('meta').size).toBe(0);
		} finally {
			client.destroy();
		}
	});

	it('refuses the upgrade from a foreign Origin', async () => {
		const client = connectClient({
			wsUrl: server.wsUrl,
			documentId,
			cookie: admin.client.cookieHeader,
			origin: 'https://evil.example'
		});
		try {
			await expect(
				Promise.race([
					client.authenticated,
					new Promise((_, reject) => setTimeout(() => reject(new Error('not authenticated')), 2000))
				])
			).rejects.toThrow();
			expect(client.doc.getMap('meta').size).toBe(0);
		} finally {
			client.destroy();
		}
	});

	it('refuses another workspace’s document, and an unknown one, alike with 4403', async () => {
		const outsider = await signUp(server.url, { workspace: 'Other District' });
		for (const target of [documentId, randomUUID(), 'not-a-document-name']) {
			const client = connectClient({
				wsUrl: server.wsUrl,
				documentId: target,
				cookie: outsider.client.cookieHeader
			});
			try {
				await expect(client.authenticated).rejects.toThrow(/authentication failed/);
				expect(await client.nextClose()).toBe(4403);
				expect(client.doc.getMap('meta').size).toBe(0);
			} finally {
				client.destroy();
			}
		}
	});

	it('accepts a personal access token as the provider token', async () => {
		const created = await admin.client.json<{ token: string }>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'script' }
		});
		const client = connectClient({
			wsUrl: server.wsUrl,
			documentId,
			token: created.body.token,
			origin: null
		});
		try {
			await client.authenticated;
			await client.allSaved();
			expect(client.doc.getMap('meta').get('kind')).toBe('note');
		} finally {
			client.destroy();
		}
	});

	it('closes a deactivated member’s open socket within 1 s', async () => {
		const teacher = await inviteAndJoin(admin, ['teacher']);
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: teacher.client.cookieHeader });
		try {
			await client.authenticated;
			await client.allSaved();
			const closed = client.nextClose(1000);
			const started = Date.now();
			const response = await admin.client.postForm(`/members?/deactivate`, { userId: teacher.user.id });
			expect([200, 303]).toContain(response.status);
			expect(await closed).toBe(4205);
			expect(Date.now() - started).toBeLessThan(1000);
			// Their sessions ended too.
			expect((await teacher.client.json('/api/v1/me')).status).toBe(401);
		} finally {
			client.destroy();
		}
	});
});
