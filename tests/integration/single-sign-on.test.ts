// Single sign-on against real OpenID Connect providers on localhost (tests/support/oidc-provider.ts): one
// dressed as Google, one as Microsoft Entra ID (multi-tenant), one as a district's own issuer set up by a
// workspace admin in the UI. Real Tandem server process, real HTTP, the provider's own login form.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { HttpClient, signUp, TEST_PASSWORD, uniqueEmail, type SignedUp } from '../support/http-client.ts';
import { returnToTandem, throughProvider } from '../support/oidc-browser.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
let counter = 0;
const districtEmail = (name: string) => `${name}.${process.pid}.${Date.now()}.${++counter}@district.example`;

async function me(client: HttpClient) {
	return client.json<{ user: { id: string; email: string }; workspaces: { id: string }[] }>('/api/v1/me');
}

describe.each(backends)('single sign-on (%s)', (backend) => {
	let google: TestOidcProvider;
	let microsoft: TestOidcProvider;
	let district: TestOidcProvider;
	let server: TestServer;
	let admin: SignedUp;

	beforeAll(async () => {
		[google, microsoft, district] = await Promise.all([
			startOidcProvider('google'),
			startOidcProvider('microsoft'),
			startOidcProvider('generic')
		]);
		server = await startTestServer(backend, {
			TANDEM_SECRET_KEY: SECRET_KEY,
			GOOGLE_CLIENT_ID: google.clientId,
			GOOGLE_CLIENT_SECRET: google.clientSecret,
			TANDEM_TEST_GOOGLE_ISSUER: google.issuer,
			MICROSOFT_CLIENT_ID: microsoft.clientId,
			MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
			TANDEM_TEST_MICROSOFT_ISSUER: microsoft.issuer,
			TANDEM_TEST_ALLOW_HTTP_ISSUERS: 'true'
		});
		google.registerClient([`${server.url}/login/sso/google/callback`]);
		microsoft.registerClient([`${server.url}/login/sso/microsoft/callback`]);
		admin = await signUp(server.url, { name: 'Ada Admin', workspace: 'Lakeside District' });
		district.registerClient([`${server.url}/login/sso/${admin.workspaceId}/callback`]);
		const saved = await saveDistrictProvider(true);
		expect(saved.status).toBe(200);
	});
	afterAll(async () => {
		await server?.dispose();
		await Promise.all([google?.close(), microsoft?.close(), district?.close()]);
	});

	function saveDistrictProvider(passwordSignIn: boolean) {
		return admin.client.postForm('/workspace/sign-in?/save', {
			displayName: 'Lakeside ClassLink',
			issuer: district.issuer,
			clientId: district.clientId,
			clientSecret: district.clientSecret,
			allowedDomains: 'district.example, staff.district.example',
			...(passwordSignIn ? { passwordSignIn: 'on' } : {})
		});
	}

	async function invite(email: string, roles = ['teacher']) {
		const invitation = await admin.client.json(`/api/v1/workspaces/${admin.workspaceId}/invitations`, {
			method: 'POST',
			body: { email, roles }
		});
		expect(invitation.status).toBe(201);
	}

	it('signs an existing password account in with Google by its verified email, in an ordinary session', async () => {
		const owner = await signUp(server.url, { name: 'Gita Google', workspace: 'Gita’s school' });
		google.accounts.set('gita', { email: owner.user.email, verified: true });
		const documentId = await createWorkspaceDocument(owner);

		const browser = new HttpClient(server.url);
		const answer = await throughProvider(browser, google.origin, 'gita', {
			path: '/login/sso/google?next=/settings'
		});
		expect(answer.callback.pathname).toBe('/login/sso/google/callback');
		expect((await returnToTandem(browser, answer)).pathname).toBe('/settings');
		expect((await me(browser)).body.user.id).toBe(owner.user.id);

		// The same session as a password log-in: the socket takes it, and signing out ends it.
		const socket = await connectSynced(server.wsUrl, documentId, browser.cookieHeader);
		socket.destroy();
		const out = await browser.postForm('/logout', {});
		expect(out.headers.get('location')).toBe('/login?signed_out=1');
		expect((await me(browser)).status).toBe(401);
		const page = await (await new HttpClient(server.url).request('/login?signed_out=1')).text();
		expect(page).toContain('still signed in there');
	});

	it('refuses an answer whose state is not the one this browser was given', async () => {
		const owner = await signUp(server.url);
		google.accounts.set('sam', { email: owner.user.email, verified: true });
		const browser = new HttpClient(server.url);
		const answer = await throughProvider(browser, google.origin, 'sam', { path: '/login/sso/google' });
		answer.callback.searchParams.set('state', 'forged-state');
		const back = await returnToTandem(browser, answer);
		expect(back.pathname + back.search).toBe('/login?sso=state');
		expect((await me(browser)).status).toBe(401);
		const page = await (await browser.request(back.pathname + back.search)).text();
		expect(page).toContain('could not be checked');
	});

	it('refuses a code that was already used, even with the flow cookie put back', async () => {
		const owner = await signUp(server.url);
		google.accounts.set('reggie', { email: owner.user.email, verified: true });
		const browser = new HttpClient(server.url);
		const answer = await throughProvider(browser, google.origin, 'reggie', { path: '/login/sso/google' });
		const flowCookie = browser.cookie('tandem_sso_flow');
		expect(flowCookie).toBeTruthy();
		expect((await returnToTandem(browser, answer)).pathname).toBe('/');

		const replay = new HttpClient(server.url);
		replay.setCookie('tandem_sso_flow', flowCookie as string);
		const back = await returnToTandem(replay, answer);
		expect(back.search).toBe('?sso=code_used');
		expect((await me(replay)).status).toBe(401);
	});

	it('does not use an email Google has not verified', async () => {
		const owner = await signUp(server.url);
		google.accounts.set('una', { email: owner.user.email, verified: false });
		const browser = new HttpClient(server.url);
		const back = await returnToTandem(
			browser,
			await throughProvider(browser, google.origin, 'una', { path: '/login/sso/google' })
		);
		expect(back.search).toBe('?sso=unverified_email');
		expect((await me(browser)).status).toBe(401);
	});

	it('Microsoft: an invited person gets their account on first sign-in when the tenant vouches (xms_edov)', async () => {
		const email = uniqueEmail('entra');
		await invite(email);
		microsoft.accounts.set('mia', { email, verified: true, name: 'Mia Mendez' });
		const browser = new HttpClient(server.url);
		const back = await returnToTandem(
			browser,
			await throughProvider(browser, microsoft.origin, 'mia', { path: '/login/sso/microsoft' })
		);
		expect(back.pathname).toBe('/');
		const who = await me(browser);
		expect(who.body.user.email).toBe(email);
		expect(who.body.workspaces.map((w) => w.id)).toContain(admin.workspaceId);

		// The next sign-in finds the identity by (issuer, subject), whatever the directory's email says now.
		microsoft.accounts.set('mia', { email: uniqueEmail('renamed'), verified: true });
		const again = new HttpClient(server.url);
		await returnToTandem(
			again,
			await throughProvider(again, microsoft.origin, 'mia', { path: '/login/sso/microsoft' })
		);
		expect((await me(again)).body.user.id).toBe(who.body.user.id);
	});

	it('Microsoft: an email without xms_edov is not used, and nobody without an invitation gets in', async () => {
		const invited = uniqueEmail('unvouched');
		await invite(invited);
		microsoft.accounts.set('nova', { email: invited, verified: false });
		microsoft.accounts.set('stranger', { email: uniqueEmail('stranger'), verified: true });
		for (const [login, problem] of [
			['nova', 'unverified_email'],
			['stranger', 'no_account']
		] as const) {
			const browser = new HttpClient(server.url);
			const back = await returnToTandem(
				browser,
				await throughProvider(browser, microsoft.origin, login, { path: '/login/sso/microsoft' })
			);
			expect(back.search).toBe(`?sso=${problem}`);
			expect((await me(browser)).status).toBe(401);
		}
	});

	it('a workspace’s own provider, found from the school email, admits its allowed domains only', async () => {
		const email = districtEmail('dana');
		await invite(email);
		district.accounts.set('dana', { email, verified: true, name: 'Dana Diaz' });
		const browser = new HttpClient(server.url);
		const found = await browser.postForm('/login/sso', { email });
		expect(found.headers.get('location')).toBe(`/login?school=${admin.workspaceId}`);
		expect(await (await browser.request(`/login?school=${admin.workspaceId}`)).text()).toContain(
			'Continue to Lakeside ClassLink'
		);
		const back = await returnToTandem(
			browser,
			await throughProvider(browser, district.origin, 'dana', { path: `/login/sso/${admin.workspaceId}` })
		);
		expect(back.pathname).toBe('/');
		expect((await me(browser)).body.workspaces.map((w) => w.id)).toEqual([admin.workspaceId]);

		const outsider = uniqueEmail('outside');
		await invite(outsider);
		district.accounts.set('olly', { email: outsider, verified: true });
		const refused = new HttpClient(server.url);
		const answer = await throughProvider(refused, district.origin, 'olly', {
			path: `/login/sso/${admin.workspaceId}`
		});
		expect((await returnToTandem(refused, answer)).search).toBe('?sso=domain_not_allowed');
		expect((await me(refused)).status).toBe(401);

		// The admin page shows the setup, never the secret.
		const settings = await (await admin.client.request('/workspace/sign-in')).text();
		expect(settings).toContain('Lakeside ClassLink');
		expect(settings).not.toContain(district.clientSecret);
	});

	it('links a provider from Settings after the password, then signs that person in with it', async () => {
		const owner = await signUp(server.url, { name: 'Lin Linker' });
		google.accounts.set('lin-personal', { email: uniqueEmail('other-address'), verified: true });
		const wrong = await owner.client.postForm('/settings?/linkProvider', {
			provider: 'google',
			password: 'nope nope'
		});
		expect(wrong.status).toBe(400);

		const answer = await throughProvider(owner.client, google.origin, 'lin-personal', {
			path: '/settings?/linkProvider',
			form: { provider: 'google', password: TEST_PASSWORD }
		});
		const back = await returnToTandem(owner.client, answer);
		expect(back.pathname + back.search).toBe('/settings?linked=Google');
		expect(await (await owner.client.request('/settings')).text()).toContain('Sign-in methods');

		const later = new HttpClient(server.url);
		await returnToTandem(
			later,
			await throughProvider(later, google.origin, 'lin-personal', { path: '/login/sso/google' })
		);
		expect((await me(later)).body.user.id).toBe(owner.user.id);
	});

	it('a provider that goes down mid-sign-in gets a clear message, and password log-in still works', async () => {
		const owner = await signUp(server.url);
		google.accounts.set('dora', { email: owner.user.email, verified: true });
		const browser = new HttpClient(server.url);
		const answer = await throughProvider(browser, google.origin, 'dora', { path: '/login/sso/google' });
		await google.stop();
		try {
			const back = await returnToTandem(browser, answer);
			expect(back.search).toBe('?sso=unavailable');
			const page = await (await browser.request(back.pathname + back.search)).text();
			expect(page).toContain('did not answer');
			const password = await browser.postForm('/login', { email: owner.user.email, password: TEST_PASSWORD });
			expect(password.status).toBe(303);
			expect((await me(browser)).body.user.id).toBe(owner.user.id);
		} finally {
			await google.start();
		}
	});

	it('believes an ID token dated a minute off, not one ten minutes in the future', async () => {
		const owner = await signUp(server.url);
		google.accounts.set('cleo', { email: owner.user.email, verified: true });
		for (const [skewMs, expected] of [
			[60_000, '/'],
			[10 * 60_000, '/login?sso=clock']
		] as const) {
			// Only Date is faked, and only in this process: the provider's clock, not Tandem's.
			vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + skewMs });
			try {
				const browser = new HttpClient(server.url);
				const back = await returnToTandem(
					browser,
					await throughProvider(browser, google.origin, 'cleo', { path: '/login/sso/google' })
				);
				expect(back.pathname + back.search).toBe(expected);
			} finally {
				vi.useRealTimers();
			}
		}
	});

	it('a workspace that turns password sign-in off refuses its members’ passwords', async () => {
		expect((await saveDistrictProvider(false)).status).toBe(200);
		try {
			const refused = await new HttpClient(server.url).postForm('/login', {
				email: admin.user.email,
				password: TEST_PASSWORD
			});
			expect(refused.status).toBe(403);
			expect(await refused.text()).toContain('signs in with Lakeside ClassLink');
		} finally {
			expect((await saveDistrictProvider(true)).status).toBe(200);
		}
	});
});
