// The cycle JSON API (docs/design.md §6, issue #4): start and request, stages with history, activities with an
// iCalendar feed, closing with a final measurement and anonymous feedback — and 404 across workspaces.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_QUESTIONS } from '../../src/lib/domain/feedback.ts';
import { readGoal } from '../../src/lib/domain/goal-document.ts';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface CycleBody {
	id: string;
	workspaceId: string;
	coachId: string;
	teacherId: string;
	title: string;
	focus: string;
	stage: string;
	status: string;
	outcome: string | null;
	documents: { id: string; kind: string; title: string }[];
	stageHistory?: { fromStage: string | null; toStage: string; note: string; actor: { id: string } | null }[];
	activities?: { id: string; type: string; notesDocumentId: string | null; documents: unknown[] }[];
}

describe.each(backends)('coaching cycle API (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let outsider: SignedUp;

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		outsider = await signUp(server.url, { name: 'Other School Coach', workspace: 'Hillside Middle' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const cycleUrl = () => `/api/v1/cycles/${setup.cycleId}`;

	it('answers a cycle in the public shape, with its goal document', async () => {
		const { status, body } = await setup.teacher.client.json<CycleBody>(cycleUrl());
		expect(status).toBe(200);
		expect(body).toMatchObject({
			id: setup.cycleId,
			workspaceId: setup.adminCoach.workspaceId,
			coachId: setup.adminCoach.user.id,
			teacherId: setup.teacher.user.id,
			title: 'Student discourse',
			focus: 'Open questions',
			stage: 'identify',
			status: 'active'
		});
		expect(body.documents).toEqual([expect.objectContaining({ id: setup.goalId, kind: 'goal' })]);
		expect(body.stageHistory?.map((e) => e.toStage)).toEqual(['identify']);
	});

	it('hides every cycle route from another workspace behind 404', async () => {
		const routes: [string, string, unknown?][] = [
			['GET', cycleUrl()],
			['PATCH', cycleUrl(), { title: 'Mine now' }],
			['POST', `${cycleUrl()}/stage`, { stage: 'learn' }],
			['POST', `${cycleUrl()}/close`, { outcome: 'met' }],
			['GET', `${cycleUrl()}/activities`],
			[
				'POST',
				`${cycleUrl()}/activities`,
				{ type: 'check_in', startsAt: new Date().toISOString(), durationMinutes: 15 }
			],
			['GET', `${cycleUrl()}/action-steps`],
			['POST', `${cycleUrl()}/documents`, { kind: 'lesson_plan', title: 'Sneaky' }],
			['GET', `/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`]
		];
		for (const [method, path, body] of routes) {
			const response = await outsider.client.json<{ error: { code: string } }>(path, { method, body });
			expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
			expect(response.body.error.code).toBe('not_found');
		}
		const missing = await setup.adminCoach.client.json(`/api/v1/cycles/${crypto.randomUUID()}`);
		expect(missing.status).toBe(404);
	});

	it('moves stages one step at a time, back as well as forward, and keeps the history', async () => {
		const skip = await setup.adminCoach.client.json<{ error: { code: string } }>(`${cycleUrl()}/stage`, {
			method: 'POST',
			body: { stage: 'improve' }
		});
		expect(skip.status).toBe(400);
		const toComplete = await setup.adminCoach.client.json(`${cycleUrl()}/stage`, {
			method: 'POST',
			body: { stage: 'complete' }
		});
		expect(toComplete.status).toBe(400);

		for (const [who, stage, note] of [
			[setup.adminCoach, 'learn', 'Goal agreed'],
			[setup.teacher, 'improve', 'Strategy planned'],
			[setup.teacher, 'learn', 'Need another model lesson'],
			[setup.adminCoach, 'improve', '']
		] as const) {
			const moved = await who.client.json<CycleBody>(`${cycleUrl()}/stage`, {
				method: 'POST',
				body: { stage, note }
			});
			expect(moved.status).toBe(200);
			expect(moved.body.stage).toBe(stage);
		}
		const { body } = await setup.teacher.client.json<CycleBody>(cycleUrl());
		expect(body.stageHistory?.map((e) => [e.fromStage, e.toStage, e.note])).toEqual([
			[null, 'identify', 'Cycle started.'],
			['identify', 'learn', 'Goal agreed'],
			['learn', 'improve', 'Strategy planned'],
			['improve', 'learn', 'Need another model lesson'],
			['learn', 'improve', '']
		]);
		expect(body.stageHistory?.[2]?.actor?.id).toBe(setup.teacher.user.id);
	});

	it('shows an admin the metadata but lets only participants act', async () => {
		const seen = await setup.principal.client.json<CycleBody>(cycleUrl());
		expect(seen.status).toBe(200);
		expect(seen.body.stage).toBe('improve');
		// Metadata only: the documents (their titles), title and focus are absent, not blank (issue 13).
		expect('documents' in seen.body).toBe(false);
		expect('focus' in seen.body).toBe(false);
		const move = await setup.principal.client.json(`${cycleUrl()}/stage`, {
			method: 'POST',
			body: { stage: 'complete' }
		});
		expect(move.status).toBe(403);
		const other = await setup.otherTeacher.client.json(cycleUrl());
		expect(other.status).toBe(404);
	});

	it('filters the cycle list', async () => {
		const base = `/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`;
		const improve = await setup.adminCoach.client.json<{ cycles: CycleBody[] }>(`${base}?stage=improve`);
		expect(improve.body.cycles.map((c) => c.id)).toContain(setup.cycleId);
		const learn = await setup.adminCoach.client.json<{ cycles: CycleBody[] }>(`${base}?stage=learn`);
		expect(learn.body.cycles.map((c) => c.id)).not.toContain(setup.cycleId);
		const search = await setup.adminCoach.client.json<{ cycles: CycleBody[] }>(`${base}?q=discourse`);
		expect(search.body.cycles.map((c) => c.id)).toEqual([setup.cycleId]);
		const none = await setup.adminCoach.client.json<{ cycles: CycleBody[] }>(
			`${base}?q=${encodeURIComponent('100%')}`
		);
		expect(none.body.cycles).toEqual([]);
		const mine = await setup.otherTeacher.client.json<{ cycles: CycleBody[] }>(base);
		expect(mine.body.cycles).toEqual([]);
	});

	it('lets a teacher ask for coaching, which waits for the coach', async () => {
		const asked = await setup.otherTeacher.client.json<CycleBody>(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`,
			{ method: 'POST', body: { coachId: setup.adminCoach.user.id, title: 'Small-group reading' } }
		);
		expect(asked.status).toBe(201);
		expect(asked.body).toMatchObject({ status: 'requested', teacherId: setup.otherTeacher.user.id });
		const early = await setup.otherTeacher.client.json(`/api/v1/cycles/${asked.body.id}/stage`, {
			method: 'POST',
			body: { stage: 'learn' }
		});
		expect(early.status).toBe(409);
		const bySelf = await setup.otherTeacher.client.json(`/api/v1/cycles/${asked.body.id}/request`, {
			method: 'POST',
			body: { accept: true }
		});
		expect(bySelf.status).toBe(403);
		const accepted = await setup.adminCoach.client.json<CycleBody>(
			`/api/v1/cycles/${asked.body.id}/request`,
			{
				method: 'POST',
				body: { accept: true }
			}
		);
		expect(accepted.body.status).toBe('active');
	});

	it('schedules activities and publishes them in an iCalendar feed', async () => {
		const startsAt = new Date(Date.now() + 2 * 86_400_000);
		startsAt.setUTCMinutes(0, 0, 0);
		const scheduled = await setup.adminCoach.client.json<{
			id: string;
			endsAt: string;
			participants: { id: string }[];
		}>(`${cycleUrl()}/activities`, {
			method: 'POST',
			body: {
				type: 'observation',
				title: 'Observe the math talk; ask: why?',
				startsAt: startsAt.toISOString(),
				durationMinutes: 45,
				location: 'Room 12'
			}
		});
		expect(scheduled.status).toBe(201);
		expect(scheduled.body.participants.map((p) => p.id).sort()).toEqual(
			[setup.adminCoach.user.id, setup.teacher.user.id].sort()
		);
		const bad = await setup.adminCoach.client.json<{ error: { details: Record<string, string> } }>(
			`${cycleUrl()}/activities`,
			{ method: 'POST', body: { type: 'karaoke', startsAt: 'soon', durationMinutes: -5 } }
		);
		expect(bad.status).toBe(400);

		const feed = await setup.teacher.client.json<{ url: string }>('/api/v1/me/calendar-feed', {
			method: 'POST'
		});
		expect(feed.status).toBe(201);
		// Calendar apps fetch without cookies.
		const response = await fetch(feed.body.url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/calendar');
		const calendar = new ICAL.Component(ICAL.parse(await response.text()));
		const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		const observation = events.find((e) => e.uid.startsWith(scheduled.body.id));
		expect(observation?.summary).toBe('Observe the math talk; ask: why?');
		expect(observation?.location).toBe('Room 12');
		expect(observation?.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
		expect(observation?.endDate.toJSDate().toISOString()).toBe(scheduled.body.endsAt);

		const cancel = await setup.adminCoach.client.request(`/api/v1/activities/${scheduled.body.id}`, {
			method: 'DELETE'
		});
		expect(cancel.status).toBe(204);
		const after = new ICAL.Component(ICAL.parse(await (await fetch(feed.body.url)).text()));
		const cancelled = after
			.getAllSubcomponents('vevent')
			.find((v) => String(v.getFirstPropertyValue('uid')).startsWith(scheduled.body.id));
		expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');

		const rotated = await setup.teacher.client.json<{ url: string }>('/api/v1/me/calendar-feed', {
			method: 'POST'
		});
		expect((await fetch(feed.body.url)).status).toBe(404);
		expect((await fetch(rotated.body.url)).status).toBe(200);
		expect((await fetch(`${server.url}/calendar/cal_${'a'.repeat(32)}.ics`)).status).toBe(404);
	});

	it('keeps the coach’s debrief notes sealed until the teacher opens them', async () => {
		const debrief = await setup.adminCoach.client.json<{ id: string }>(`${cycleUrl()}/activities`, {
			method: 'POST',
			body: {
				type: 'debrief',
				startsAt: new Date(Date.now() - 3_600_000).toISOString(),
				durationMinutes: 30,
				openNotes: true
			}
		});
		expect(debrief.status).toBe(201);
		const coachView = await setup.adminCoach.client.json<CycleBody>(cycleUrl());
		const sealed = coachView.body.documents.find((d) => d.title.startsWith("Coach's notes"));
		const shared = coachView.body.activities?.find((a) => a.id === debrief.body.id)?.notesDocumentId;
		expect(sealed).toBeDefined();
		expect(shared).toBeTruthy();
		const teacherView = await setup.teacher.client.json<CycleBody>(cycleUrl());
		expect(teacherView.body.documents.map((d) => d.id)).toContain(shared);
		expect(teacherView.body.documents.map((d) => d.id)).not.toContain(sealed?.id);
		expect((await setup.teacher.client.json(`/api/v1/documents/${sealed?.id}`)).status).toBe(404);

		const socket = connectClient({
			wsUrl: server.wsUrl,
			documentId: sealed?.id ?? '',
			cookie: setup.teacher.client.cookieHeader
		});
		try {
			await expect(socket.authenticated).rejects.toThrow();
			expect(await socket.nextClose()).toBe(4403);
		} finally {
			socket.destroy();
		}
		// Only the teacher opens them; the coach cannot do it for them, nor can anyone else.
		expect(
			(await setup.adminCoach.client.json(`/api/v1/documents/${sealed?.id}/reveal`, { method: 'POST' }))
				.status
		).toBe(403);
		expect(
			(await setup.otherTeacher.client.json(`/api/v1/documents/${sealed?.id}/reveal`, { method: 'POST' }))
				.status
		).toBe(404);
		expect(
			(await setup.teacher.client.json(`/api/v1/documents/${sealed?.id}/reveal`, { method: 'POST' })).status
		).toBe(200);
		expect((await setup.teacher.client.json(`/api/v1/documents/${sealed?.id}`)).status).toBe(200);
		const opened = connectClient({
			wsUrl: server.wsUrl,
			documentId: sealed?.id ?? '',
			cookie: setup.teacher.client.cookieHeader
		});
		try {
			await opened.authenticated;
			await waitFor(() => opened.provider.isSynced, 10_000, 'sync');
			expect(opened.doc.getXmlFragment('body').toString()).toContain('What I noticed');
		} finally {
			opened.destroy();
		}
	});

	it('opens an observation activity’s notes as an observation document', async () => {
		const observed = await setup.adminCoach.client.json<{ id: string }>(`${cycleUrl()}/activities`, {
			method: 'POST',
			body: { type: 'observation', startsAt: new Date().toISOString(), durationMinutes: 45, openNotes: true }
		});
		expect(observed.status).toBe(201);
		const { body } = await setup.teacher.client.json<CycleBody>(cycleUrl());
		const notesId = body.activities?.find((a) => a.id === observed.body.id)?.notesDocumentId;
		expect(body.documents.find((d) => d.id === notesId)?.kind).toBe('observation');
	});

	it('closes with the final measurement in the goal, then takes feedback once, anonymously', async () => {
		const early = await setup.teacher.client.json(`${cycleUrl()}/feedback`, { method: 'POST', body: {} });
		expect(early.status).toBe(409);
		const badValue = await setup.adminCoach.client.json(`${cycleUrl()}/close`, {
			method: 'POST',
			body: { outcome: 'met', finalValue: 'lots' }
		});
		expect(badValue.status).toBe(400);
		const closed = await setup.adminCoach.client.json<CycleBody>(`${cycleUrl()}/close`, {
			method: 'POST',
			body: {
				outcome: 'partly_met',
				finalValue: 14,
				finalDate: '2026-11-20',
				finalNote: 'Unit test day',
				note: 'Good progress'
			}
		});
		expect(closed.status).toBe(200);
		expect(closed.body).toMatchObject({ stage: 'complete', status: 'closed', outcome: 'partly_met' });

		const reader = connectClient({
			wsUrl: server.wsUrl,
			documentId: setup.goalId,
			cookie: setup.teacher.client.cookieHeader
		});
		try {
			await reader.authenticated;
			await waitFor(() => reader.provider.isSynced, 10_000, 'sync');
			expect(readGoal(reader.doc).measurements).toEqual([
				expect.objectContaining({ date: '2026-11-20', value: 14, note: 'Unit test day', source: 'final' })
			]);
		} finally {
			reader.destroy();
		}

		const ratings = { helped: 5, safe: 4, time: 4, again: 5 };
		const byCoach = await setup.adminCoach.client.json(`${cycleUrl()}/feedback`, {
			method: 'POST',
			body: { ratings }
		});
		expect(byCoach.status).toBe(403);
		const invalidRatings = await setup.teacher.client.json(`${cycleUrl()}/feedback`, {
			method: 'POST',
			body: { ratings: { helped: 9 } }
		});
		expect(invalidRatings.status).toBe(400);
		const valid = {
			ratings: Object.fromEntries(FEEDBACK_QUESTIONS.map((q, i) => [q.key, 5 - (i % 2)])),
			comment: 'Felt safe to try things.'
		};
		const given = await setup.teacher.client.json(`${cycleUrl()}/feedback`, { method: 'POST', body: valid });
		expect(given.status).toBe(201);
		const again = await setup.teacher.client.json(`${cycleUrl()}/feedback`, { method: 'POST', body: valid });
		expect(again.status).toBe(409);
	});

	it('pools feedback only once three different teachers have answered', async () => {
		const summary = () =>
			setup.adminCoach.client.json<{
				count: number;
				hidden?: true;
				needed?: number;
				averages?: Record<string, number>;
				comments?: string[];
			}>(`/api/v1/workspaces/${setup.adminCoach.workspaceId}/feedback`);
		expect(
			(await setup.teacher.client.json(`/api/v1/workspaces/${setup.adminCoach.workspaceId}/feedback`)).status
		).toBe(403);
		const runCycle = async (teacher: SignedUp, rating: number, comment: string) => {
			const cycle = await setup.adminCoach.client.json<CycleBody>(
				`/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`,
				{
					method: 'POST',
					body: { teacherId: teacher.user.id, title: `Cycle for ${teacher.user.name}` }
				}
			);
			await setup.adminCoach.client.json(`/api/v1/cycles/${cycle.body.id}/close`, {
				method: 'POST',
				body: { outcome: 'met' }
			});
			const given = await teacher.client.json(`/api/v1/cycles/${cycle.body.id}/feedback`, {
				method: 'POST',
				body: { ratings: Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q.key, rating])), comment }
			});
			expect(given.status).toBe(201);
		};
		// Three answers, but from two teachers: the coach could still tell who wrote what.
		await runCycle(setup.teacher, 3, 'Second cycle was calmer.');
		await runCycle(setup.otherTeacher, 4, 'Helpful modeling.');
		const twoTeachers = await summary();
		expect(twoTeachers.body).toEqual({ count: 3, hidden: true, needed: 1 });

		const third = await inviteAndJoin(setup.adminCoach, ['teacher'], 'Theo Third');
		await runCycle(third, 2, 'More time to plan, please.');
		const pooled = await summary();
		expect(pooled.body.count).toBe(4);
		expect(pooled.body.hidden).toBeUndefined();
		expect(pooled.body.comments).toEqual([
			'Felt safe to try things.',
			'Helpful modeling.',
			'More time to plan, please.',
			'Second cycle was calmer.'
		]);
		const first = FEEDBACK_QUESTIONS[0]?.key as string;
		// (5 + 3 + 4 + 2) / 4 for the first question: the first response rated it 5.
		expect(pooled.body.averages?.[first]).toBe(3.5);
	});
});
