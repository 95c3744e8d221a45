// Issue 17 §2 and §4 on real servers: a roster imported through the JSON API with a token (preview, apply,
// the same file again, a broken file), a member the roster drops losing their socket and session while
// their cycle stays; and the canary deletion tests for the two new ways coaching content goes: the daily
// retention run, and exporting then deleting a whole workspace.
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { findText, inspectDatabase } from '../support/database-inspector.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { HttpClient, TEST_PASSWORD, inviteAndJoin, signUp } from '../support/http-client.ts';
import { rosterBundle, type RosterUser } from '../support/roster-bundle.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const canaryWord = () => `canary${Math.random().toString(36).slice(2, 10)}`;

async function write(server: TestServer, documentId: string, cookie: string, text: string): Promise<void> {
	const client = await connectSynced(server.wsUrl, documentId, cookie);
	try {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		client.doc.getXmlFragment('body').push([paragraph]);
		await client.allSaved();
	} finally {
		client.destroy();
	}
}

interface Imported {
	importId: string;
	status: string;
	summary: {
		added: number;
		roleChanges: number;
		deactivated: number;
		linked: number;
		unchanged: number;
		problems: number;
	};
	problems: { file: string; line: number; reason: string }[];
	deactivate: { userId: string }[];
}

describe.each(backends)('rosters, retention and a district’s data (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let token: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		const created = await setup.adminCoach.client.json<{ token: string }>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'Nightly roster' }
		});
		token = created.body.token;
	}, 120_000);
	afterAll(async () => {
		await server?.dispose();
	});

	const rosterUrl = () => `/api/v1/workspaces/${setup.adminCoach.workspaceId}/roster-imports`;
	async function send(zip: Uint8Array, query = '', auth = token) {
		const response = await fetch(new URL(`${rosterUrl()}${query}`, server.url), {
			method: 'POST',
			headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/zip' },
			body: new Blob([zip as Uint8Array<ArrayBuffer>])
		});
		return {
			status: response.status,
			body: (await response.json()) as Imported & { error?: { message: string } }
		};
	}

	it('previews, applies and re-applies a roster through the API with a token, and keeps a history', async () => {
		const staff: RosterUser[] = [
			{
				sourcedId: 'sis-t1',
				givenName: 'Robin',
				familyName: 'Rostered',
				email: 'robin@riverside.example',
				role: 'teacher'
			},
			{
				sourcedId: 'sis-p1',
				givenName: 'Pat',
				familyName: 'Principal',
				email: setup.principal.user.email,
				role: 'principal'
			},
			{
				sourcedId: 'sis-t2',
				givenName: 'Taylor',
				familyName: 'Teacher',
				email: setup.teacher.user.email,
				role: 'teacher'
			},
			{
				sourcedId: 'sis-s1',
				givenName: 'Sam',
				familyName: 'Student',
				email: 'sam@riverside.example',
				role: 'student'
			},
			{
				sourcedId: 'sis-t1',
				givenName: 'Dup',
				familyName: 'Licate',
				email: 'dup@riverside.example',
				role: 'teacher'
			},
			{ sourcedId: 'sis-t3', givenName: 'No', familyName: 'Email', email: '', role: 'teacher' }
		];
		const zip = rosterBundle(staff);
		const preview = await send(zip, '?preview=true&coaches=sis-t1');
		expect(preview.status).toBe(200);
		expect(preview.body.summary).toMatchObject({ added: 1, linked: 2, deactivated: 0, problems: 2 });
		expect(preview.body.problems).toEqual([
			{ file: 'users.csv', line: 6, reason: 'duplicate sourcedId (first on line 2)' },
			{ file: 'users.csv', line: 7, reason: 'missing email' }
		]);
		const members = async () =>
			(await setup.adminCoach.client.request('/members', { headers: { accept: 'text/html' } })).text();
		expect(await members()).not.toContain('robin@riverside.example');

		const applied = await send(zip, '?coaches=sis-t1');
		expect(applied.status).toBe(201);
		expect(applied.body.summary).toMatchObject({ added: 1, linked: 2 });
		expect(await members()).toContain('robin@riverside.example');

		const again = await send(zip, '?coaches=sis-t1');
		expect(again.body.summary).toMatchObject({
			added: 0,
			linked: 0,
			roleChanges: 0,
			deactivated: 0,
			unchanged: 3
		});

		const history = await setup.adminCoach.client.json<{ imports: { status: string; channel: string }[] }>(
			rosterUrl()
		);
		expect(history.body.imports.map((i) => `${i.status} ${i.channel}`)).toEqual([
			'applied api',
			'applied api',
			'previewed api'
		]);
	});

	it('refuses a broken file clearly and a non-admin entirely', async () => {
		const latin = rosterBundle([], {
			override: { 'users.csv': Uint8Array.from([0x6e, 0x61, 0x6d, 0xe9, 0x0a]) }
		});
		const refused = await send(latin);
		expect(refused.status).toBe(400);
		expect(refused.body.error?.message).toMatch(/users\.csv is not UTF-8 text/);
		const teacher = await setup.teacher.client.request(rosterUrl(), {
			method: 'POST',
			headers: { 'content-type': 'application/zip' },
			body: new Blob([rosterBundle([]) as Uint8Array<ArrayBuffer>])
		});
		expect(teacher.status).toBe(403);
	});

	it('deactivates whom the roster drops: their socket closes, their session ends, their cycle stays', async () => {
		const socket = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		const closed = socket.nextClose(10_000);
		const withoutTaylor = rosterBundle([
			{
				sourcedId: 'sis-t1',
				givenName: 'Robin',
				familyName: 'Rostered',
				email: 'robin@riverside.example',
				role: 'teacher'
			},
			{
				sourcedId: 'sis-p1',
				givenName: 'Pat',
				familyName: 'Principal',
				email: setup.principal.user.email,
				role: 'principal'
			}
		]);
		const applied = await send(withoutTaylor);
		expect(applied.body.deactivate.map((d) => d.userId)).toEqual([setup.teacher.user.id]);
		expect(await closed).toBe(4205);
		socket.destroy();
		expect((await setup.teacher.client.json('/api/v1/me')).status).toBe(401);
		const cycle = await setup.adminCoach.client.json<{ teacherId: string; documents: unknown[] }>(
			`/api/v1/cycles/${setup.cycleId}`
		);
		expect(cycle.status).toBe(200);
		expect(cycle.body.teacherId).toBe(setup.teacher.user.id);
		expect(cycle.body.documents.length).toBeGreaterThan(0);
	});

	it('deletes a closed cycle past retention in the daily run, leaving its canary in no table', async () => {
		const school = await signUp(server.url, { name: 'Rae Retention', workspace: 'Retention School' });
		const teacher = await inviteAndJoin(school, ['teacher'], 'Terry Teacher');
		const canary = canaryWord();
		const cycle = await school.client.json<{ id: string; documents: { id: string; kind: string }[] }>(
			`/api/v1/workspaces/${school.workspaceId}/cycles`,
			{ method: 'POST', body: { teacherId: teacher.user.id, title: `Cycle ${canary}`, focus: canary } }
		);
		expect(cycle.status).toBe(201);
		const goal = cycle.body.documents.find((d) => d.kind === 'goal')?.id as string;
		await write(server, goal, school.client.cookieHeader, `Goal note ${canary}`);
		expect(
			(
				await school.client.json(`/api/v1/cycles/${cycle.body.id}/close`, {
					method: 'POST',
					body: { outcome: 'met', note: canary }
				})
			).status
		).toBe(200);
		const set = await school.client.postForm('/members/data?/retention', { years: '3' });
		expect(set.status).toBeLessThan(400);
		const page = await (
			await school.client.request(`/cycles/${cycle.body.id}`, { headers: { accept: 'text/html' } })
		).text();
		expect(page).toMatch(/Kept until <time datetime="\d{4}-/);

		// Move the close four years back and let the next start's daily run find it.
		let inspector = await inspectDatabase(server);
		try {
			await inspector.query(
				`update coaching_cycles set closed_at = now() - interval '4 years' where id = $1`,
				[cycle.body.id]
			);
			await inspector.query(`update scheduled_runs set last_run_on = null`);
		} finally {
			await inspector.close();
		}
		if (backend === 'pglite') await server.restart();
		else {
			await server.terminate();
			await server.restart();
		}
		const deadline = Date.now() + 20_000;
		while ((await school.client.json(`/api/v1/cycles/${cycle.body.id}`)).status !== 404) {
			if (Date.now() > deadline) throw new Error('the retention run never deleted the cycle');
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		inspector = await inspectDatabase(server);
		try {
			expect(await findText(inspector, canary)).toEqual([]);
			const receipts = await inspector.query<{
				subject_type: string;
				requested_by: string | null;
				summary: { reason: string };
			}>(`select subject_type, requested_by, summary from deletion_records where subject_id = $1`, [
				cycle.body.id
			]);
			expect(receipts).toEqual([
				{
					subject_type: 'cycle',
					requested_by: null,
					summary: expect.objectContaining({ reason: 'retention', retentionYears: 3 })
				}
			]);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
	}, 120_000);

	it('exports the whole workspace for the district, then deletes it, leaving its canary in no table', async () => {
		const canary = canaryWord();
		const admin = setup.adminCoach;
		const notes = await admin.client.json<{ id: string }>(`/api/v1/cycles/${setup.cycleId}/documents`, {
			method: 'POST',
			body: { kind: 'lesson_plan', title: `Plan ${canary}` }
		});
		await write(server, notes.body.id, admin.client.cookieHeader, `Private note ${canary}`);

		const wrong = await admin.client.postForm('/members/data/export', { password: 'not it' });
		expect(wrong.status).toBe(303);
		expect(wrong.headers.get('location')).toMatch(/export=password/);
		const exported = await admin.client.postForm('/members/data/export', { password: TEST_PASSWORD });
		expect(exported.status).toBe(200);
		expect(exported.headers.get('content-type')).toBe('application/zip');
		const files = unzipSync(new Uint8Array(await exported.arrayBuffer()));
		const names = Object.keys(files);
		expect(names).toEqual(
			expect.arrayContaining([
				'people.json',
				'cycles.json',
				'ledger.json',
				'deletion-receipts.json',
				'receipt.json'
			])
		);
		const markdown = names.filter(
			(n) => n.startsWith(`documents/cycles/${setup.cycleId}/`) && n.endsWith('.md')
		);
		expect(markdown.map((n) => strFromU8(files[n] as Uint8Array)).join()).toContain(`Private note ${canary}`);
		expect(names).toContain(markdown.find((n) => n.includes(notes.body.id))?.replace(/\.md$/, '.json'));
		expect(strFromU8(files['people.json'] as Uint8Array)).toContain('robin@riverside.example');
		const kept = await admin.client.postForm('/members/data?/deleteWorkspace', {
			password: TEST_PASSWORD,
			confirmName: 'Riverside'
		});
		expect(kept.status).toBe(400);
		const socket = await connectSynced(server.wsUrl, notes.body.id, admin.client.cookieHeader);
		const closed = socket.nextClose(10_000);
		const deleted = await admin.client.postForm('/members/data?/deleteWorkspace', {
			password: TEST_PASSWORD,
			confirmName: 'Riverside Elementary'
		});
		expect(deleted.status).toBe(303);
		const receiptId = new URL(deleted.headers.get('location') as string, server.url).searchParams.get(
			'receipt'
		);
		expect(await closed).toBeGreaterThanOrEqual(4000);
		socket.destroy();
		expect((await new HttpClient(server.url).json(`/api/v1/cycles/${setup.cycleId}`)).status).toBe(401);

		const inspector = await inspectDatabase(server);
		try {
			expect(await findText(inspector, canary)).toEqual([]);
			expect(await findText(inspector, 'robin@riverside.example')).toEqual([]);
			const receipts = await inspector.query<{ id: string; subject_type: string }>(
				`select id, subject_type from deletion_records where workspace_id = $1 order by created_at`,
				[admin.workspaceId]
			);
			expect(receipts.map((r) => r.subject_type)).toEqual(['workspace_export', 'workspace']);
			expect(receipts[1]?.id).toBe(receiptId);
			const exports = await inspector.query<{ n: number | string }>(
				`select count(*) as n from audit_log where workspace_id = $1 and channel = 'export' and detail->>'scope' = 'district_export'`,
				[admin.workspaceId]
			);
			expect(Number(exports[0]?.n)).toBeGreaterThan(1);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
	}, 120_000);
});
