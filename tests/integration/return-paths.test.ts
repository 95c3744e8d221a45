// Issue 14, finding 3: where the login and logout pages send a person afterwards (`next`) is a path on this
// site after a browser-grade URL parse, whatever tabs, slashes or backslashes it hides; CR/LF are refused
// with a 400, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, TEST_PASSWORD, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const OFF_SITE = [
	'/%09/evil.example/login',
	'/%0b/evil.example',
	'//evil.example',
	'/\\evil.example',
	'/%5Cevil.example',
	'/.//evil.example/x',
	'https://evil.example/',
	'/%2F%2Fevil.example',
	'%2F%2Fevil.example',
	'javascript:alert(1)',
	'/%20/evil.example'
];

/** Where a redirect would take a browser, resolved as a browser does. */
function destination(response: Response, base: string): URL {
	return new URL(response.headers.get('location') ?? '', base);
}

describe('return paths after login and logout', () => {
	let server: TestServer;
	let person: SignedUp;
	beforeAll(async () => {
		server = await startTestServer('pglite');
		person = await signUp(server.url, { name: 'Casey Coach', workspace: 'Riverside' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it.each(OFF_SITE)('never leaves the site for next=%s', async (next) => {
		const origin = new URL(server.url).origin;
		// Signed in: the login page forwards at once.
		const forwarded = await person.client.request(`/login?next=${next}`, {
			headers: { accept: 'text/html' }
		});
		expect(forwarded.status).toBe(303);
		expect(destination(forwarded, server.url).origin).toBe(origin);
		expect(forwarded.headers.get('location')?.startsWith('//')).toBe(false);
		// Signing in with the form.
		const anonymous = new HttpClient(server.url);
		const loggedIn = await anonymous.postForm('/login', {
			email: person.user.email,
			password: TEST_PASSWORD,
			next: decodeURIComponent(next)
		});
		expect(loggedIn.status).toBe(303);
		expect(destination(loggedIn, server.url).origin).toBe(origin);
		expect(loggedIn.headers.get('location')?.startsWith('//')).toBe(false);
		// Signing out with the form.
		const loggedOut = await anonymous.postForm('/logout', { next: decodeURIComponent(next) });
		expect(loggedOut.status).toBe(303);
		expect(destination(loggedOut, server.url).origin).toBe(origin);
	});

	it('keeps a same-site path, its query and its fragment', async () => {
		const forwarded = await person.client.request(
			`/login?next=${encodeURIComponent('/cycles?stage=learn#top')}`,
			{
				headers: { accept: 'text/html' }
			}
		);
		expect(forwarded.status).toBe(303);
		expect(forwarded.headers.get('location')).toBe('/cycles?stage=learn#top');
	});

	it.each(['/%0d%0aSet-Cookie:%20x=1', '/a%0Ab', '/a%0Db', '/a%00b'])(
		'answers next=%s with a 400, not a 500',
		async (next) => {
			const signedIn = await person.client.request(`/login?next=${next}`, {
				headers: { accept: 'text/html' }
			});
			expect(signedIn.status).toBe(400);
			expect(signedIn.headers.get('set-cookie') ?? '').not.toContain('x=1');
			const anonymous = await new HttpClient(server.url).request(`/login?next=${next}`, {
				headers: { accept: 'text/html' }
			});
			expect(anonymous.status).toBe(400);
			const posted = await new HttpClient(server.url).postForm('/login', {
				email: person.user.email,
				password: TEST_PASSWORD,
				next: decodeURIComponent(next)
			});
			expect(posted.status).toBe(400);
		}
	);
});
