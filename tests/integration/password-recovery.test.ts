// Accounts that can recover: changing a password in Settings, "Forgot password" by email through a real
// SMTP server on localhost, and reset links an admin makes when the server sends no mail. Real server
// processes, real HTTP, real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { HttpClient, inviteAndJoin, signUp, TEST_PASSWORD, uniqueEmail } from '../support/http-client.ts';
import { resetLinkIn, startMailServer, type MailServer } from '../support/mail-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const NEW_PASSWORD = 'a brand new coaching password';

async function logIn(server: TestServer, email: string, password: string): Promise<HttpClient> {
	const client = new HttpClient(server.url);
	const response = await client.postForm('/login', { email, password });
	if (response.status !== 303) throw new Error(`log-in failed: ${response.status}`);
	return client;
}

async function loginStatus(server: TestServer, email: string, password: string): Promise<number> {
	return (await new HttpClient(server.url).postForm('/login', { email, password })).status;
}

/** The page as a browser gets it, with per-response noise (nonces) taken out. */
async function pageBytes(response: Response): Promise<string> {
	return (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""');
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe.each(backends)('password recovery by email (%s)', (backend) => {
	let mail: MailServer;
	let server: TestServer;
	beforeAll(async () => {
		mail = await startMailServer();
		server = await startTestServer(backend, {
			SMTP_URL: mail.url,
			MAIL_FROM: 'Tandem <tandem@school.example>'
		});
	});
	afterAll(async () => {
		await server?.dispose();
		await mail?.close();
	});

	it('mails a single-use link that sets a new password and ends every session', async () => {
		const owner = await signUp(server.url, { workspace: 'Maple Elementary' });
		const { client: before, user } = owner;
		const documentId = await createWorkspaceDocument(owner);
		const socket = await connectSynced(server.wsUrl, documentId, before.cookieHeader);

		const asked = await new HttpClient(server.url).postForm('/forgot-password', { email: user.email });
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain('If an account uses that address');

		const message = await mail.nextMailTo(user.email);
		expect(message.from).toBe('tandem@school.example');
		expect(message.raw).toMatch(/^Subject: Choose a new Tandem password/m);
		const link = resetLinkIn(message);
		expect(link.startsWith(`${server.url}/reset-password/`)).toBe(true);

		const visitor = new HttpClient(server.url);
		const page = await visitor.request(new URL(link).pathname);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('no-store');
		expect(await page.text()).toContain(user.email);

		const closed = socket.nextClose();
		const reset = await visitor.postForm(new URL(link).pathname, { password: NEW_PASSWORD });
		expect(reset.status).toBe(303);
		expect(reset.headers.get('location')).toBe('/login?reset=done');
		expect(await closed).toBe(4401);
		socket.destroy();
		expect((await before.json('/api/v1/me')).status).toBe(401);
		expect(await loginStatus(server, user.email, TEST_PASSWORD)).toBe(400);
		expect(await loginStatus(server, user.email, NEW_PASSWORD)).toBe(303);

		// Once only.
		const again = await new HttpClient(server.url).postForm(new URL(link).pathname, {
			password: 'yet another password'
		});
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('expired or was already used');
		expect(await loginStatus(server, user.email, NEW_PASSWORD)).toBe(303);
	});

	it('answers a known and an unknown address with the same bytes, in similar time', async () => {
		const known = await Promise.all(Array.from({ length: 7 }, () => signUp(server.url)));
		const knownTimes: number[] = [];
		const unknownTimes: number[] = [];
		const bodies = new Set<string>();
		for (const { user } of known) {
			const started = performance.now();
			const forKnown = await new HttpClient(server.url).postForm('/forgot-password', { email: user.email });
			knownTimes.push(performance.now() - started);
			bodies.add(await pageBytes(forKnown));
			// The mail goes out after the answer; let it, so it does not weigh on the next request.
			await mail.nextMailTo(user.email);

			const nobody = uniqueEmail('nobody');
			const startedUnknown = performance.now();
			const forUnknown = await new HttpClient(server.url).postForm('/forgot-password', { email: nobody });
			unknownTimes.push(performance.now() - startedUnknown);
			expect(forUnknown.status).toBe(forKnown.status);
			bodies.add(await pageBytes(forUnknown));
		}
		expect(bodies.size).toBe(1);
		// Looking up the address, writing the link and sending the mail all happen after the answer.
		expect(Math.abs(median(knownTimes) - median(unknownTimes))).toBeLessThan(5);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const unknownAddresses = mail.received.filter((m) => m.to.some((to) => to.startsWith('nobody.')));
		expect(unknownAddresses).toEqual([]);
	});

	it('throttles requests for one address like log-in, whether or not it has an account', async () => {
		for (const email of [(await signUp(server.url)).user.email, uniqueEmail('nobody')]) {
			const statuses: number[] = [];
			for (let i = 0; i < 3; i++) {
				statuses.push((await new HttpClient(server.url).postForm('/forgot-password', { email })).status);
			}
			expect(statuses).toEqual([200, 200, 429]);
		}
	});

	it('changes a password in Settings: current one required, other sessions and their sockets end, this one stays', async () => {
		const owner = await signUp(server.url, { workspace: 'Birch Middle' });
		const { client: here, user } = owner;
		const elsewhere = await logIn(server, user.email, TEST_PASSWORD);
		const documentId = await createWorkspaceDocument(owner);
		const hereSocket = await connectSynced(server.wsUrl, documentId, here.cookieHeader);
		const elsewhereSocket = await connectSynced(server.wsUrl, documentId, elsewhere.cookieHeader);

		const wrong = await here.postForm('/settings?/changePassword', {
			currentPassword: 'not my password',
			newPassword: NEW_PASSWORD
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('This is not your current password.');
		expect((await elsewhere.json('/api/v1/me')).status).toBe(200);

		const closed = elsewhereSocket.nextClose();
		const changed = await here.postForm('/settings?/changePassword', {
			currentPassword: TEST_PASSWORD,
			newPassword: NEW_PASSWORD
		});
		expect(changed.status).toBe(200);
		expect(await changed.text()).toContain('Password changed. 1 other session was signed out.');
		expect(await closed).toBe(4401);
		elsewhereSocket.destroy();
		expect((await elsewhere.json('/api/v1/me')).status).toBe(401);
		expect((await here.json('/api/v1/me')).status).toBe(200);
		expect(hereSocket.closes).toEqual([]);
		hereSocket.destroy();
		expect(await loginStatus(server, user.email, NEW_PASSWORD)).toBe(303);
	});
});

describe.each(backends)('password recovery without mail (%s)', (backend) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer(backend);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('says at start that mail is not configured', () => {
		expect(server.logs()).toContain('Mail is not configured (SMTP_URL is not set)');
	});

	it('lets an admin make a reset link for a member, shown once, never logged', async () => {
		const admin = await signUp(server.url, { workspace: 'Cedar High' });
		const teacher = await inviteAndJoin(admin, ['teacher']);
		const issued = await admin.client.postForm('/members?/resetLink', { userId: teacher.user.id });
		expect(issued.status).toBe(200);
		const html = await issued.text();
		const link = /http:\/\/127\.0\.0\.1:\d+\/reset-password\/([a-z2-7]{32})/.exec(html);
		expect(link).not.toBeNull();
		const [url, secret] = link as unknown as [string, string];
		// Shown once: the members page does not show it again.
		expect(await (await admin.client.request('/members')).text()).not.toContain(secret);

		const reset = await new HttpClient(server.url).postForm(new URL(url).pathname, {
			password: NEW_PASSWORD
		});
		expect(reset.status).toBe(303);
		expect((await teacher.client.json('/api/v1/me')).status).toBe(401);
		expect(await loginStatus(server, teacher.user.email, NEW_PASSWORD)).toBe(303);

		// Forgot password answers as usual and sends nothing anywhere.
		const asked = await new HttpClient(server.url).postForm('/forgot-password', {
			email: teacher.user.email
		});
		expect(asked.status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(server.logs()).not.toContain(secret);
		expect(server.logs()).not.toContain('/reset-password/');
	});

	it('refuses a reset link for someone who also belongs to a school this admin does not run', async () => {
		const cedar = await signUp(server.url, { workspace: 'Cedar High' });
		const teacher = await inviteAndJoin(cedar, ['teacher']);
		const oak = await signUp(server.url, { workspace: 'Oak Primary' });
		// The same person joins a second school, run by another admin.
		const invitation = await oak.client.json<{ url: string }>(
			`/api/v1/workspaces/${oak.workspaceId}/invitations`,
			{
				method: 'POST',
				body: { email: teacher.user.email, roles: ['teacher'] }
			}
		);
		expect(invitation.status).toBe(201);
		const joined = await teacher.client.postForm(new URL(invitation.body.url).pathname, {
			name: teacher.user.name,
			password: TEST_PASSWORD
		});
		expect(joined.status).toBe(303);

		const refused = await cedar.client.postForm('/members?/resetLink', { userId: teacher.user.id });
		expect(refused.status).toBe(403);
		const html = await refused.text();
		expect(html).toContain('They also belong to another school');
		expect(html).not.toMatch(/\/reset-password\/[a-z2-7]{32}/);
	});
});
