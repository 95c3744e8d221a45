// Issue 14, finding 6: a Content-Security-Policy with a nonce for SvelteKit's own script and only our own
// websocket to connect to, a Permissions-Policy with camera and microphone off, HSTS when the public origin is
// https, and no caching of the invitation page that names the invitee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, signUp, uniqueEmail, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

function directives(csp: string | null): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of (csp ?? '').split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) map.set(name, values);
	}
	return map;
}

describe('security headers', () => {
	let server: TestServer;
	let admin: SignedUp;
	beforeAll(async () => {
		server = await startTestServer('pglite');
		admin = await signUp(server.url, { name: 'Casey Coach', workspace: 'Riverside' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('sends a nonce-based CSP whose connect-src allows only our own /collab websocket', async () => {
		const page = await new HttpClient(server.url).request('/login', { headers: { accept: 'text/html' } });
		expect(page.status).toBe(200);
		const csp = directives(page.headers.get('content-security-policy'));
		const host = new URL(server.url).host;
		expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}/collab`]);
		const scripts = csp.get('script-src') ?? [];
		expect(scripts).toContain("'self'");
		expect(scripts).not.toContain("'unsafe-inline'");
		expect(scripts).not.toContain("'unsafe-eval'");
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
		expect(nonce).toBeTruthy();
		// SvelteKit's bootstrap script carries it.
		expect(await page.text()).toContain(`nonce="${nonce}"`);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
		expect(csp.get('base-uri')).toEqual(["'self'"]);
		// A nonce is per response.
		const again = await new HttpClient(server.url).request('/login', { headers: { accept: 'text/html' } });
		expect(again.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce}'`);
	});

	it('turns camera and microphone off, and sends no HSTS over a plain-http origin', async () => {
		const page = await admin.client.request('/', { headers: { accept: 'text/html' } });
		const policy = page.headers.get('permissions-policy') ?? '';
		expect(policy).toContain('camera=()');
		expect(policy).toContain('microphone=()');
		expect(page.headers.get('strict-transport-security')).toBeNull();
	});

	it('keeps the anonymous invitation page out of caches', async () => {
		const invitation = await admin.client.json<{ url: string }>(
			`/api/v1/workspaces/${admin.workspaceId}/invitations`,
			{ method: 'POST', body: { email: uniqueEmail('invitee'), roles: ['teacher'] } }
		);
		const page = await new HttpClient(server.url).request(new URL(invitation.body.url).pathname, {
			headers: { accept: 'text/html' }
		});
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('no-store');
		const missing = await new HttpClient(server.url).request('/invite/not-a-token', {
			headers: { accept: 'text/html' }
		});
		expect(missing.headers.get('cache-control')).toBe('no-store');
	});
});

describe('security headers behind an https origin', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer('pglite', { ORIGIN: 'https://tandem.school.example' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('sends Strict-Transport-Security and allows only the wss:// socket of the public host', async () => {
		const page = await new HttpClient(server.url, null).request('/login', {
			headers: { accept: 'text/html' }
		});
		expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
		const csp = directives(page.headers.get('content-security-policy'));
		expect(csp.get('connect-src')).toEqual(["'self'", 'wss://tandem.school.example/collab']);
	});
});
