// Issue 14, finding 2: a personal access token's sockets end with the token. Revoking it (API or Settings)
// closes them with 4205 so nothing sent afterwards is applied; "sign out everywhere" can revoke tokens too;
// tokens expire (90 days unless chosen otherwise) and say when they were last used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/backends.ts';
import { connectClient, connectSynced, waitFor, type CollabClient } from '../support/collab-client.ts';
import { inspectDatabase } from '../support/database-inspector.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { HttpClient, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface CreatedToken {
	token: string;
	id: string;
	expiresAt: string | null;
}

const DAY_MS = 86_400_000;

function paragraph(text: string): Y.XmlElement {
	const element = new Y.XmlElement('paragraph');
	element.insert(0, [new Y.XmlText(text)]);
	return element;
}

describe.each(backends)('personal access tokens end with their sockets (%s)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	let documentId: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { name: 'Casey Coach', workspace: 'Riverside' });
		documentId = await createWorkspaceDocument(owner, 'Staff notes');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	async function createToken(body: Record<string, unknown> = {}): Promise<CreatedToken> {
		const created = await owner.client.json<CreatedToken>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'Gradebook sync', ...body }
		});
		expect(created.status).toBe(201);
		return created.body;
	}

	async function tokenSocket(token: string): Promise<CollabClient> {
		const client = connectClient({ wsUrl: server.wsUrl, documentId, token, origin: null });
		await client.authenticated;
		await waitFor(() => client.provider.isSynced, 10_000, 'sync');
		return client;
	}

	const bearer = (token: string) =>
		new HttpClient(server.url, null).json('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });

	async function text(): Promise<string> {
		const reader = await connectSynced(server.wsUrl, documentId, owner.client.cookieHeader);
		try {
			return reader.doc.getXmlFragment('body').toString();
		} finally {
			reader.destroy();
		}
	}

	it.each(['api', 'settings'] as const)(
		'revoking a token (%s) closes its sockets with 4205 and applies nothing sent afterwards',
		async (via) => {
			const { token, id } = await createToken();
			const script = await tokenSocket(token);
			const other = await tokenSocket((await createToken({ name: 'Other script' })).token);
			try {
				script.doc.getXmlFragment('body').push([paragraph(`before revocation ${via}`)]);
				await script.allSaved();

				const revoked =
					via === 'api'
						? (await owner.client.request(`/api/v1/tokens/${id}`, { method: 'DELETE' })).status
						: (await owner.client.postForm('/settings?/revokeToken', { tokenId: id })).status;
				expect(revoked).toBe(via === 'api' ? 204 : 200);
				await waitFor(() => script.closes.length > 0, 5_000, 'the revoked token’s socket to close');
				expect(script.closes[0]).toBe(4205);
				// Typed after the revocation: the server must not take it.
				script.doc.getXmlFragment('body').push([paragraph(`after revocation ${via}`)]);
				await new Promise((resolve) => setTimeout(resolve, 500));

				// Another token's socket is not touched.
				other.doc.getXmlFragment('body').push([paragraph(`other token ${via}`)]);
				await other.allSaved();
				expect(other.closes).toEqual([]);
			} finally {
				script.destroy();
				other.destroy();
			}
			const stored = await text();
			expect(stored).toContain(`before revocation ${via}`);
			expect(stored).toContain(`other token ${via}`);
			expect(stored).not.toContain(`after revocation ${via}`);
			// And it cannot come back.
			expect((await bearer(token)).status).toBe(401);
			const again = connectClient({ wsUrl: server.wsUrl, documentId, token, origin: null });
			try {
				expect(await again.nextClose(5_000)).toBe(4401);
			} finally {
				again.destroy();
			}
		}
	);

	it('expires after 90 days unless another expiry (or none) is chosen, and refuses invalid ones', async () => {
		const before = Date.now();
		const standard = await createToken();
		const expires = new Date(standard.expiresAt ?? 0).getTime();
		expect(expires).toBeGreaterThanOrEqual(before + 90 * DAY_MS - 5_000);
		expect(expires).toBeLessThanOrEqual(Date.now() + 90 * DAY_MS + 5_000);
		const week = await createToken({ expiresInDays: 7 });
		expect(new Date(week.expiresAt ?? 0).getTime()).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 5_000);
		const forever = await createToken({ expiresInDays: null });
		expect(forever.expiresAt).toBeNull();
		for (const expiresInDays of [0, -1, 2.5, 100_000, 'soon']) {
			const refused = await owner.client.json<{ error: { code: string } }>('/api/v1/tokens', {
				method: 'POST',
				body: { name: 'Bad expiry', expiresInDays }
			});
			expect(refused.status).toBe(400);
		}
		const listed = await owner.client.json<{ tokens: { id: string; expiresAt: string | null }[] }>(
			'/api/v1/tokens'
		);
		expect(listed.body.tokens.find((t) => t.id === week.id)?.expiresAt).toBe(week.expiresAt);
		// Settings offers the choice, and shows the expiry.
		const settings = await (
			await owner.client.request('/settings', { headers: { accept: 'text/html' } })
		).text();
		expect(settings).toContain('name="expiresInDays"');
		expect(settings).toMatch(/Expires/);
		const fromForm = await owner.client.postForm('/settings?/createToken', {
			name: 'From the form',
			expiresInDays: '30'
		});
		expect(fromForm.status).toBe(200);
		const formToken = (
			await owner.client.json<{ tokens: { name: string; expiresAt: string | null }[] }>('/api/v1/tokens')
		).body.tokens.find((t) => t.name === 'From the form');
		expect(new Date(formToken?.expiresAt ?? 0).getTime()).toBeLessThanOrEqual(
			Date.now() + 30 * DAY_MS + 5_000
		);
	});

	it('refuses an expired token on HTTP and on the socket, and records when a token was last used', async () => {
		const { token, id } = await createToken({ expiresInDays: 1 });
		expect((await bearer(token)).status).toBe(200);
		const listed = await owner.client.json<{ tokens: { id: string; lastUsedAt: string | null }[] }>(
			'/api/v1/tokens'
		);
		expect(listed.body.tokens.find((t) => t.id === id)?.lastUsedAt).not.toBeNull();
		const settings = await (
			await owner.client.request('/settings', { headers: { accept: 'text/html' } })
		).text();
		expect(settings).toContain('Last used');

		// Move its expiry into the past, as time would.
		const inspector = await inspectDatabase(server);
		try {
			await inspector.query(
				`update access_tokens set expires_at = now() - interval '1 minute' where id = $1`,
				[id]
			);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
		expect((await bearer(token)).status).toBe(401);
		const socket = connectClient({ wsUrl: server.wsUrl, documentId, token, origin: null });
		try {
			expect(await socket.nextClose(5_000)).toBe(4401);
		} finally {
			socket.destroy();
		}
		// An expired token is no longer listed as active.
		const after = await owner.client.json<{ tokens: { id: string }[] }>('/api/v1/tokens');
		expect(after.body.tokens.map((t) => t.id)).not.toContain(id);
	});

	it('signs out everywhere, and revokes tokens too when asked', async () => {
		const person = await signUp(server.url, { name: 'Taylor Teacher', workspace: 'Hillside' });
		const notes = await createWorkspaceDocument(person, 'Planning');
		const made = await person.client.json<CreatedToken>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'Script' }
		});
		const settings = await (
			await person.client.request('/settings', { headers: { accept: 'text/html' } })
		).text();
		expect(settings).toContain('name="revokeTokens"');

		// Without the box ticked, the token and its socket go on.
		const second = new HttpClient(server.url);
		await second.postForm('/login', { email: person.user.email, password: 'correct horse battery staple' });
		const kept = connectClient({
			wsUrl: server.wsUrl,
			documentId: notes,
			token: made.body.token,
			origin: null
		});
		await kept.authenticated;
		expect((await second.postForm('/settings?/signOutEverywhere', {})).status).toBe(303);
		expect((await person.client.json('/api/v1/me')).status).toBe(401);
		expect((await bearer(made.body.token)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(kept.closes).toEqual([]);

		// Ticked: every token is revoked and its sockets close.
		const third = new HttpClient(server.url);
		await third.postForm('/login', { email: person.user.email, password: 'correct horse battery staple' });
		expect((await third.postForm('/settings?/signOutEverywhere', { revokeTokens: 'on' })).status).toBe(303);
		await waitFor(() => kept.closes.length > 0, 5_000, 'the token socket to close');
		expect(kept.closes[0]).toBe(4205);
		kept.destroy();
		expect((await bearer(made.body.token)).status).toBe(401);
	});
});
