// Invalid text and malformed ids from a client on a real server: never a 500. Text is normalised and
// stripped of control characters, ids of the wrong shape are "not found" exactly like missing ones, a bad
// body is a 400 with field errors, and a body over the limit is a 413 in the API's error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { buildCoachingCycle, createWorkspaceDocument, type CoachingSetup } from '../support/fixtures.ts';
import { HttpClient, TEST_PASSWORD, uniqueEmail } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const NUL = '\u0000';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface ApiError {
	error: { code: string; message: string; details?: Record<string, string> };
}

describe.each(backends)('bad input at the boundaries (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let plcId: string;

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		const plc = await setup.adminCoach.client.json<{ id: string }>(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/plcs`,
			{ method: 'POST', body: { name: 'Grade 4 team', memberIds: [setup.teacher.user.id] } }
		);
		expect(plc.status).toBe(201);
		plcId = plc.body.id;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const coach = () => setup.adminCoach.client;
	const teacher = () => setup.teacher.client;
	const cycles = () => `/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`;

	it('strips a NUL byte from titles, focus, notes and names instead of failing', async () => {
		const cycle = await coach().json<{ id: string; title: string; focus: string }>(cycles(), {
			method: 'POST',
			body: { teacherId: setup.teacher.user.id, title: `Fractions${NUL} unit`, focus: `Number${NUL} lines` }
		});
		expect(cycle.status).toBe(201);
		expect(cycle.body.title).toBe('Fractions unit');
		expect(cycle.body.focus).toBe('Number lines');

		const renamed = await coach().json<{ title: string; focus: string }>(`/api/v1/cycles/${cycle.body.id}`, {
			method: 'PATCH',
			body: { title: `Ratio${NUL}s`, focus: `Tape${NUL} diagrams` }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ title: 'Ratios', focus: 'Tape diagrams' });

		const staged = await coach().json<{ stage: string }>(`/api/v1/cycles/${cycle.body.id}/stage`, {
			method: 'POST',
			body: { stage: 'learn', note: `Goal${NUL} agreed` }
		});
		expect(staged.status).toBe(200);
		const history = await coach().json<{ stageHistory: { note: string }[] }>(
			`/api/v1/cycles/${cycle.body.id}`
		);
		expect(history.body.stageHistory.map((e) => e.note)).toContain('Goal agreed');

		const plc = await coach().json<{ name: string }>(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/plcs`,
			{ method: 'POST', body: { name: `Math${NUL} PLC`, memberIds: [] } }
		);
		expect(plc.status).toBe(201);
		expect(plc.body.name).toBe('Math PLC');

		const token = await coach().json<{ name: string }>('/api/v1/tokens', {
			method: 'POST',
			body: { name: `Laptop${NUL} script` }
		});
		expect(token.status).toBe(201);
		expect(token.body.name).toBe('Laptop script');

		const version = await teacher().json<{ id: string }>(`/api/v1/documents/${setup.goalId}/versions`, {
			method: 'POST',
			body: { name: `Before${NUL} debrief` }
		});
		expect(version.status).toBe(201);
		const versions = await teacher().json<{ versions: { name: string | null }[] }>(
			`/api/v1/documents/${setup.goalId}/versions`
		);
		expect(versions.body.versions.map((v) => v.name)).toContain('Before debrief');

		const release = await teacher().json<{ id: string; note: string }>('/api/v1/releases', {
			method: 'POST',
			body: { documentIds: [setup.goalId], recipientId: setup.principal.user.id, note: `For${NUL} you` }
		});
		expect(release.status).toBe(201);
		expect(release.body.note).toBe('For you');
	});

	it('refuses text that is nothing but control characters, with a field error', async () => {
		const empty = await coach().json<ApiError>(cycles(), {
			method: 'POST',
			body: { teacherId: setup.teacher.user.id, title: `${NUL}\u0007${NUL}` }
		});
		expect(empty.status).toBe(400);
		expect(empty.body.error.code).toBe('invalid_request');
		expect(Object.keys(empty.body.error.details ?? {})).toContain('title');
	});

	it('answers the q and teacherId filters with a NUL byte without a 500', async () => {
		const q = await coach().json<{ cycles: unknown[] }>(`${cycles()}?q=${encodeURIComponent(NUL)}`);
		expect(q.status).toBe(200);
		const teacherId = await coach().json<ApiError>(`${cycles()}?teacherId=${encodeURIComponent(NUL)}`);
		expect(teacherId.status).toBe(400);
		expect(Object.keys(teacherId.body.error.details ?? {})).toContain('teacherId');
	});

	it('answers a malformed id in a path exactly as a missing one', async () => {
		const paths = [
			(id: string) => `/api/v1/cycles/${id}`,
			(id: string) => `/api/v1/cycles/${id}/activities`,
			(id: string) => `/api/v1/documents/${id}`,
			(id: string) => `/api/v1/documents/${id}/versions`,
			(id: string) => `/api/v1/documents/${setup.goalId}/versions/${id}`,
			(id: string) => `/api/v1/plcs/${id}`,
			(id: string) => `/api/v1/releases/${id}`,
			(id: string) => `/api/v1/activities/${id}/notes`,
			(id: string) => `/api/v1/workspaces/${id}/cycles`
		];
		for (const path of paths) {
			const missing = await teacher().request(path(MISSING_ID));
			for (const bad of [encodeURIComponent(NUL), 'not-an-id', encodeURIComponent('é\u200b')]) {
				const malformed = await teacher().request(path(bad));
				expect({ path: path(bad), status: malformed.status }).toEqual({
					path: path(bad),
					status: missing.status
				});
				expect(await malformed.text()).toBe(await (await teacher().request(path(MISSING_ID))).text());
			}
		}
		const revoke = await coach().json<ApiError>(`/api/v1/tokens/${encodeURIComponent(NUL)}`, {
			method: 'DELETE'
		});
		expect(revoke.status).toBe(404);
		const unshare = await teacher().json<ApiError>(
			`/api/v1/documents/${setup.goalId}/shares/${encodeURIComponent(NUL)}`,
			{ method: 'DELETE' }
		);
		expect(unshare.status).toBe(404);
	});

	it('treats an empty PLC patch as no change', async () => {
		const before = await coach().json<{ name: string }>(`/api/v1/plcs/${plcId}`);
		const patched = await coach().json<{ name: string }>(`/api/v1/plcs/${plcId}`, {
			method: 'PATCH',
			body: {}
		});
		expect(patched.status).toBe(200);
		expect(patched.body.name).toBe(before.body.name);
	});

	it('refuses a document patch with a bad field whole, before renaming anything', async () => {
		const document = `/api/v1/documents/${await createWorkspaceDocument(setup.adminCoach, 'Staff notes')}`;
		const before = await coach().json<{ title: string }>(document);
		const refused = await coach().json<ApiError>(document, {
			method: 'PATCH',
			body: { title: 'Renamed', archived: 'yes' }
		});
		expect(refused.status).toBe(400);
		expect(refused.body.error.details).toEqual({ archived: 'archived is true or false.' });
		expect((await coach().json<{ title: string }>(document)).body.title).toBe(before.body.title);
	});

	it('answers a JSON body over the limit with 413 in the error shape', async () => {
		const response = await coach().request('/api/v1/tokens', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })
		});
		expect(response.status).toBe(413);
		const body = (await response.json()) as ApiError;
		expect(body.error.code).toBe('payload_too_large');
		expect(typeof body.error.message).toBe('string');
	});

	it('answers a form post over the limit with 413, not 500', async () => {
		const visitor = new HttpClient(server.url);
		const response = await visitor.postForm('/login', {
			email: 'a@school.example',
			password: 'x'.repeat(2 * 1024 * 1024)
		});
		expect(response.status).toBe(413);
	});

	it('keeps the login and signup forms out of 500s', async () => {
		const visitor = new HttpClient(server.url);
		const login = await visitor.postForm('/login', { email: `a${NUL}@school.example`, password: `x${NUL}` });
		expect(login.status).toBe(400);
		const signupEmail = uniqueEmail('nul');
		const signup = await visitor.postForm('/signup', {
			name: `Nia${NUL} Newcomer`,
			email: signupEmail.replace('@', `${NUL}@`),
			password: TEST_PASSWORD,
			workspace: `Hill${NUL}side`
		});
		expect(signup.status).toBe(303);
		const me = await visitor.json<{ user: { name: string; email: string }; workspaces: { name: string }[] }>(
			'/api/v1/me'
		);
		expect(me.body.user).toMatchObject({ name: 'Nia Newcomer', email: signupEmail });
		expect(me.body.workspaces.map((w) => w.name)).toEqual(['Hillside']);
	});

	it('keeps the cycle, PLC and token forms out of 500s', async () => {
		const start = await coach().postForm('/cycles?/start', {
			teacherId: setup.teacher.user.id,
			title: `Form${NUL} cycle`,
			focus: `Focus${NUL}`
		});
		expect(start.status).toBe(303);
		const badTeacher = await coach().postForm('/cycles?/start', { teacherId: NUL, title: 'A cycle' });
		expect(badTeacher.status).toBe(400);
		const plc = await coach().postForm('/plcs?/create', { name: `Form${NUL} PLC`, description: `d${NUL}` });
		expect(plc.status).toBe(303);
		const rename = await coach().postForm(`/plcs/${plcId}?/update`, {
			name: `Re${NUL}named`,
			description: ''
		});
		expect(rename.status).toBeLessThan(500);
		const token = await coach().postForm('/settings?/createToken', { name: `Form${NUL} token` });
		expect(token.status).toBe(200);
		const revoke = await coach().postForm('/settings?/revokeToken', { tokenId: NUL });
		expect(revoke.status).toBe(404);
		const stage = await coach().postForm(`/cycles/${setup.cycleId}?/stage`, {
			stage: 'learn',
			note: `n${NUL}`
		});
		expect(stage.status).toBeLessThan(500);
	});
});
