// Issue 13: what a coach and a teacher write stays between them. Each known leak, proven closed on a
// running server: an admin's view of a cycle, a coach who lost the role, the teacher's document count,
// PLC self-enrolment and the PLC ledger, and a failed database write in the server log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectClient, connectSynced } from '../support/collab-client.ts';
import { inspectDatabase } from '../support/database-inspector.ts';
import { inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const STAGE_NOTE = 'canary-stage-struggles-with-classroom-management';
const CLOSING_NOTE = 'canary-closing-note-goal-was-hard';
const FINAL_NOTE = 'canary-final-measurement-note';
const FOCUS = 'canary-focus-open-questions';
const TITLE = 'canary-cycle-title';
const ACTIVITY_TITLE = 'canary-activity-title';
const LOCATION = 'canary-room-12';

async function ok<T>(who: SignedUp, path: string, body?: unknown, method?: string): Promise<T> {
	const response = await who.client.json<T>(path, {
		method: method ?? (body === undefined ? 'GET' : 'POST'),
		body
	});
	if (response.status >= 300)
		throw new Error(`${method ?? 'POST'} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
	return response.body;
}

describe.each(backends)('teacher trust (%s)', (backend) => {
	let server: TestServer;
	let founder: SignedUp;
	let coach: SignedUp;
	let teacher: SignedUp;
	let admin: SignedUp;
	let cycleId: string;

	beforeAll(async () => {
		server = await startTestServer(backend);
		founder = await signUp(server.url, { name: 'Fran Founder', workspace: 'Riverside Elementary' });
		coach = await inviteAndJoin(founder, ['coach'], 'Casey Coach');
		teacher = await inviteAndJoin(founder, ['teacher'], 'Taylor Teacher');
		admin = await inviteAndJoin(founder, ['admin'], 'Pat Principal');
		const cycle = await ok<{ id: string }>(coach, `/api/v1/workspaces/${founder.workspaceId}/cycles`, {
			teacherId: teacher.user.id,
			title: TITLE,
			focus: FOCUS
		});
		cycleId = cycle.id;
		await ok(coach, `/api/v1/cycles/${cycleId}/stage`, { stage: 'learn', note: STAGE_NOTE });
		await ok(coach, `/api/v1/cycles/${cycleId}/stage`, { stage: 'improve', note: STAGE_NOTE });
		await ok(coach, `/api/v1/cycles/${cycleId}/activities`, {
			type: 'debrief',
			startsAt: new Date(Date.now() - 3_600_000).toISOString(),
			durationMinutes: 30,
			title: ACTIVITY_TITLE,
			location: LOCATION,
			openNotes: true
		});
		await ok(coach, `/api/v1/cycles/${cycleId}/close`, {
			outcome: 'partly_met',
			note: CLOSING_NOTE,
			finalValue: 7,
			finalNote: FINAL_NOTE
		});
	}, 120_000);
	afterAll(async () => {
		await server?.dispose();
	});

	it('shows an admin the cycle’s metadata and outcome, never its notes, on the page and in the API', async () => {
		const api = await admin.client.json<Record<string, unknown>>(`/api/v1/cycles/${cycleId}`);
		expect(api.status).toBe(200);
		const text = JSON.stringify(api.body);
		for (const canary of [STAGE_NOTE, CLOSING_NOTE, FOCUS, TITLE, ACTIVITY_TITLE, LOCATION])
			expect(text).not.toContain(canary);
		expect(api.body.outcome).toBe('partly_met');
		expect(api.body.stage).toBe('complete');
		// Absent, not blank: a blank string would still tell how long the text was, or that there was one.
		expect('focus' in api.body).toBe(false);
		expect('title' in api.body).toBe(false);
		const history = api.body.stageHistory as Record<string, unknown>[];
		expect(history.map((h) => h.toStage)).toEqual(['identify', 'learn', 'improve', 'complete']);
		for (const event of history) expect('note' in event).toBe(false);
		const activities = api.body.activities as Record<string, unknown>[];
		expect(activities).toHaveLength(1);
		expect('title' in activities[0]!).toBe(false);
		expect('location' in activities[0]!).toBe(false);

		const page = await admin.client.request(`/cycles/${cycleId}`, { headers: { accept: 'text/html' } });
		expect(page.status).toBe(200);
		const html = await page.text();
		for (const canary of [STAGE_NOTE, CLOSING_NOTE, FOCUS, TITLE, ACTIVITY_TITLE, LOCATION])
			expect(html).not.toContain(canary);
		expect(html).toContain('Goal partly met');

		const list = await admin.client.json<unknown>(`/api/v1/workspaces/${founder.workspaceId}/cycles`);
		expect(JSON.stringify(list.body)).not.toContain(TITLE);
		expect(JSON.stringify(list.body)).not.toContain(FOCUS);
		// Searching is reading: an admin's search never matches what the pair wrote.
		const searched = await admin.client.json<{ cycles: unknown[] }>(
			`/api/v1/workspaces/${founder.workspaceId}/cycles?q=canary-focus`
		);
		expect(searched.body.cycles).toEqual([]);
	});

	it('still shows the pair everything they wrote', async () => {
		const api = await teacher.client.json<Record<string, unknown>>(`/api/v1/cycles/${cycleId}`);
		const text = JSON.stringify(api.body);
		for (const canary of [STAGE_NOTE, CLOSING_NOTE, FOCUS, TITLE, ACTIVITY_TITLE, LOCATION])
			expect(text).toContain(canary);
	});

	it('does not count the coach’s sealed notes in the teacher’s document count', async () => {
		const byTeacher = await ok<{ documentCount: number; documents: unknown[] }>(
			teacher,
			`/api/v1/cycles/${cycleId}`
		);
		// The goal and the shared debrief; the coach's notes stay sealed until the teacher opens them.
		expect(byTeacher.documents).toHaveLength(2);
		expect(byTeacher.documentCount).toBe(2);
		const byCoach = await ok<{ documentCount: number }>(coach, `/api/v1/cycles/${cycleId}`);
		expect(byCoach.documentCount).toBe(3);
	});

	it('ends a coach’s access to their cycles the moment the coach role is removed (4205, then 4403)', async () => {
		const coach2 = await inviteAndJoin(founder, ['coach', 'teacher'], 'Cory Second');
		const teacher2 = await inviteAndJoin(founder, ['teacher'], 'Tess Second');
		const cycle = await ok<{ id: string; documents: { id: string; kind: string }[] }>(
			coach2,
			`/api/v1/workspaces/${founder.workspaceId}/cycles`,
			{ teacherId: teacher2.user.id, title: 'Second cycle' }
		);
		const goal = cycle.documents.find((d) => d.kind === 'goal')?.id as string;
		const open = await connectSynced(server.wsUrl, goal, coach2.client.cookieHeader);
		try {
			const closed = open.nextClose(10_000);
			const changed = await founder.client.postForm('/members?/roles', {
				userId: coach2.user.id,
				roles: 'teacher'
			});
			expect(changed.status).toBeLessThan(400);
			expect(await closed).toBe(4205);
		} finally {
			open.destroy();
		}
		expect((await coach2.client.json(`/api/v1/documents/${goal}`)).status).toBe(404);
		expect((await coach2.client.json(`/api/v1/cycles/${cycle.id}`)).status).toBe(404);
		const again = connectClient({
			wsUrl: server.wsUrl,
			documentId: goal,
			cookie: coach2.client.cookieHeader
		});
		try {
			await expect(again.authenticated).rejects.toThrow();
			expect(await again.nextClose()).toBe(4403);
		} finally {
			again.destroy();
		}
		// The teacher's own cycle goes on.
		expect((await teacher2.client.json(`/api/v1/documents/${goal}`)).status).toBe(200);
	});

	describe('PLC membership', () => {
		let facilitator: SignedUp;
		let member: SignedUp;
		let outsideCoach: SignedUp;
		let plcId: string;
		let documentId: string;

		beforeAll(async () => {
			facilitator = await inviteAndJoin(founder, ['teacher'], 'Fay Facilitator');
			member = await inviteAndJoin(founder, ['teacher'], 'Mo Member');
			outsideCoach = await inviteAndJoin(founder, ['coach'], 'Otto Outside');
			const plc = await ok<{ id: string }>(founder, `/api/v1/workspaces/${founder.workspaceId}/plcs`, {
				name: 'Grade 4 team',
				description: 'canary-plc-description',
				facilitatorId: facilitator.user.id,
				memberIds: [member.user.id]
			});
			plcId = plc.id;
			documentId = (
				await ok<{ id: string }>(member, `/api/v1/plcs/${plcId}/documents`, {
					kind: 'plc_notes',
					title: 'canary-plc-doc-title'
				})
			).id;
		});

		it('refuses a coach who adds themselves to a group they do not facilitate', async () => {
			const joined = await outsideCoach.client.json(`/api/v1/plcs/${plcId}/members`, {
				method: 'PUT',
				body: { memberIds: [facilitator.user.id, member.user.id, outsideCoach.user.id] }
			});
			expect(joined.status).toBe(403);
			expect(
				(await outsideCoach.client.json(`/api/v1/documents/${documentId}/export?format=md`)).status
			).toBe(404);
			const seen = await ok<Record<string, unknown>>(outsideCoach, `/api/v1/plcs/${plcId}`);
			expect(JSON.stringify(seen)).not.toContain('canary-plc');
			expect('description' in seen).toBe(false);
		});

		it('lets the facilitator add a member, and shows the members who added whom', async () => {
			const other = await inviteAndJoin(founder, ['teacher'], 'Nia New');
			await ok(
				facilitator,
				`/api/v1/plcs/${plcId}/members`,
				{ memberIds: [facilitator.user.id, member.user.id, other.user.id] },
				'PUT'
			);
			const seen = await ok<{ membershipHistory: { userId: string; byId: string; change: string }[] }>(
				member,
				`/api/v1/plcs/${plcId}`
			);
			expect(seen.membershipHistory).toContainEqual(
				expect.objectContaining({ userId: other.user.id, byId: facilitator.user.id, change: 'added' })
			);
		});

		it('shows an admin who adds themselves as such, and puts their reads in a ledger the members see', async () => {
			const current = await ok<{ members: { id: string }[] }>(admin, `/api/v1/plcs/${plcId}`);
			await ok(
				admin,
				`/api/v1/plcs/${plcId}/members`,
				{ memberIds: [...current.members.map((m) => m.id), admin.user.id] },
				'PUT'
			);
			const exported = await admin.client.request(`/api/v1/documents/${documentId}/export?format=md`);
			expect(exported.status).toBe(200);
			const seen = await ok<{
				members: { id: string; selfAdded: boolean }[];
				membershipHistory: { userId: string; byId: string; selfAdded: boolean }[];
				ledger: { actorId: string; action: string; channel: string; documentId: string }[];
			}>(member, `/api/v1/plcs/${plcId}`);
			expect(seen.members.find((m) => m.id === admin.user.id)?.selfAdded).toBe(true);
			expect(seen.members.find((m) => m.id === member.user.id)?.selfAdded).toBe(false);
			expect(seen.membershipHistory).toContainEqual(
				expect.objectContaining({ userId: admin.user.id, byId: admin.user.id, selfAdded: true })
			);
			expect(seen.ledger).toContainEqual(
				expect.objectContaining({ actorId: admin.user.id, action: 'export', channel: 'export', documentId })
			);
			// A member's own reads are nobody's business.
			expect((await member.client.request(`/api/v1/documents/${documentId}/export?format=md`)).status).toBe(
				200
			);
			const after = await ok<{ ledger: { actorId: string }[] }>(member, `/api/v1/plcs/${plcId}`);
			expect(after.ledger.some((row) => row.actorId === member.user.id)).toBe(false);
		});
	});
});

// A failed write must never print what was being written. Postgres only: a trigger makes the update log
// refuse rows while the test types, which needs a second connection to the server's database.
describe.each(backends.filter((b) => b === 'postgres'))(
	'a failed database write in the log (%s)',
	(backend) => {
		let server: TestServer;
		beforeAll(async () => {
			server = await startTestServer(backend, { LOG_LEVEL: 'info' });
		}, 60_000);
		afterAll(async () => {
			await server?.dispose();
		});

		it('names the statement and the error, never the parameters', async () => {
			const owner = await signUp(server.url, { name: 'Casey Coach', workspace: 'Riverside' });
			const created = await ok<{ id: string }>(owner, `/api/v1/workspaces/${owner.workspaceId}/documents`, {
				kind: 'note',
				title: 'Staff notes'
			});
			const inspector = await inspectDatabase(server);
			const client = await connectSynced(server.wsUrl, created.id, owner.client.cookieHeader);
			try {
				await inspector.query(`create function refuse_updates() returns trigger language plpgsql as $$
				begin raise exception 'update log refused for this test'; end $$`);
				await inspector.query(
					`create trigger refuse_updates before insert on document_updates for each row execute function refuse_updates()`
				);
				const closed = client.nextClose(15_000);
				client.doc.getText('canary').insert(0, 'canarywordzebra '.repeat(4));
				await closed.catch(() => 0);
				// The failure is logged by now; give stderr a moment to arrive.
				await new Promise((resolve) => setTimeout(resolve, 500));
			} finally {
				client.destroy();
				await inspector.query(`drop trigger if exists refuse_updates on document_updates`);
				await inspector.close();
			}
			const logs = server.logs();
			expect(logs).toContain('update log refused for this test');
			expect(logs).not.toContain('canarywordzebra');
			// Nor its bytes, as the hex the log's parameters carry it in, or a list of numbers.
			const hex = Buffer.from('canarywordzebra').toString('hex');
			expect(logs).not.toContain(hex);
			expect(logs).not.toMatch(/params:/);
			const bytes = Array.from(Buffer.from('canarywordzebra')).join(',');
			expect(logs).not.toContain(bytes);
		});
	}
);
