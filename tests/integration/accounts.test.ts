// Sign-up, log-in, log-out, cookies, throttling and CSRF against the real built server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { HttpClient, signUp, TEST_PASSWORD, uniqueEmail } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('accounts over HTTP (%s)', (backend) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer(backend);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('answers /healthz while the database answers', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('signs up with a workspace, making the user its admin and coach', async () => {
		const { client, user } = await signUp(server.url, {
			name: 'Casey Morgan',
			workspace: 'Maple Elementary'
		});
		const me = await client.json<{ user: { name: string }; workspaces: { name: string; roles: string[] }[] }>(
			'/api/v1/me'
		);
		expect(me.status).toBe(200);
		expect(me.body.user.name).toBe('Casey Morgan');
		expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(me.body.workspaces).toEqual([
			expect.objectContaining({ name: 'Maple Elementary', roles: ['admin', 'coach'] })
		]);
	});

	it('sets an HttpOnly, SameSite=Lax session cookie (not Secure on plain-http localhost)', async () => {
		const client = new HttpClient(server.url);
		const response = await client.postForm('/signup', {
			name: 'Cookie Check',
			email: uniqueEmail(),
			password: TEST_PASSWORD,
			workspace: ''
		});
		expect(response.status).toBe(303);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/i);
		const expires = new Date(/Expires=([^;]+)/i.exec(cookie as string)?.[1] ?? 0).getTime();
		expect(expires - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
	});

	it('logs in and out; a logged-out cookie no longer works', async () => {
		const { client, user } = await signUp(server.url);
		const login = new HttpClient(server.url);
		const response = await login.postForm('/login', { email: user.email, password: TEST_PASSWORD });
		expect(response.status).toBe(303);
		expect((await login.json('/api/v1/me')).status).toBe(200);
		const stolenCookie = login.cookieHeader;

		expect((await login.postForm('/logout', {})).status).toBe(303);
		expect((await login.json('/api/v1/me')).status).toBe(401);
		const replay = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: stolenCookie } });
		expect(replay.status).toBe(401);
		// The other session of the same user is untouched.
		expect((await client.json('/api/v1/me')).status).toBe(200);
	});

	it('answers a wrong password and an unknown email with the same generic message', async () => {
		const { user } = await signUp(server.url);
		const wrong = await new HttpClient(server.url).postForm('/login', {
			email: user.email,
			password: 'not the password'
		});
		const unknown = await new HttpClient(server.url).postForm('/login', {
			email: uniqueEmail(),
			password: 'whatever123'
		});
		expect(wrong.status).toBe(400);
		expect(unknown.status).toBe(400);
		expect(await wrong.text()).toContain('Wrong email or password');
		expect(await unknown.text()).toContain('Wrong email or password');
	});

	it('throttles repeated failed logins for one account', async () => {
		const { user } = await signUp(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			const response = await new HttpClient(server.url).postForm('/login', {
				email: user.email,
				password: `wrong-${i}`
			});
			statuses.push(response.status);
		}
		expect(statuses).toContain(429);
		// Even the right password waits out the back-off.
		const right = await new HttpClient(server.url).postForm('/login', {
			email: user.email,
			password: TEST_PASSWORD
		});
		expect(right.status).toBe(429);
	});

	it('rejects a cross-origin form POST (CSRF) on the production build', async () => {
		const attacker = new HttpClient(server.url, 'https://evil.example');
		const response = await attacker.postForm('/signup', {
			name: 'Mallory',
			email: uniqueEmail(),
			password: TEST_PASSWORD,
			workspace: 'Evil'
		});
		expect(response.status).toBe(403);
		for (const contentType of ['text/plain', 'TEXT/PLAIN', 'multipart/form-data; boundary=x']) {
			const other = await fetch(`${server.url}/login`, {
				method: 'POST',
				headers: { origin: 'https://evil.example', 'content-type': contentType },
				body: 'email=a&password=b'
			});
			expect(other.status, contentType).toBe(403);
		}
	});

	it('answers API errors in one JSON shape', async () => {
		const anonymous = await new HttpClient(server.url).json<{ error: { code: string; message: string } }>(
			'/api/v1/me'
		);
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('unauthenticated');
		const missing = await new HttpClient(server.url).json<{ error: { code: string } }>(
			'/api/v1/no-such-thing'
		);
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe('not_found');
	});

	it('creates, uses and revokes a personal access token; only its hash is kept', async () => {
		const { client } = await signUp(server.url);
		const created = await client.json<{ token: string; id: string }>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'Gradebook sync' }
		});
		expect(created.status).toBe(201);
		expect(created.body.token).toMatch(/^tdm_/);
		const withToken = await fetch(`${server.url}/api/v1/me`, {
			headers: { authorization: `Bearer ${created.body.token}` }
		});
		expect(withToken.status).toBe(200);
		const listed = await client.json<{ tokens: Record<string, unknown>[] }>('/api/v1/tokens');
		expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
		expect((await client.request(`/api/v1/tokens/${created.body.id}`, { method: 'DELETE' })).status).toBe(
			204
		);
		const revoked = await fetch(`${server.url}/api/v1/me`, {
			headers: { authorization: `Bearer ${created.body.token}` }
		});
		expect(revoked.status).toBe(401);
	});
});
