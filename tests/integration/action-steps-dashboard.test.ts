// Action steps typed into a cycle document through a real provider reach the dashboards' query after the
// server stores the document (docs/design.md §6: the server derives the table), and only for those who may read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionStep, removeActionStep, updateActionStep } from '../../src/lib/domain/action-steps.ts';
import { addDays } from '../../src/lib/domain/calendar-date.ts';
import { backends } from '../support/backends.ts';
import { connectClient, connectSynced } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface StepBody {
	id: string;
	text: string;
	owner: { id: string; name: string } | null;
	due: string | null;
	done: boolean;
	status: string;
	documentId: string;
}

// Hocuspocus stores at most maxDebounce (10 s) after the first change; polling covers that.
const STORE_WAIT_MS = 20_000;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
	const deadline = Date.now() + STORE_WAIT_MS;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

describe.each(backends)('action steps and goal progress derived on store (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('derives action steps edited live into the overdue and due-this-week views', async () => {
		const today = new Date().toISOString().slice(0, 10);
		const coach = await connectSynced(server.wsUrl, setup.goalId, setup.adminCoach.client.cookieHeader);
		const teacher = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		try {
			const late = addActionStep(coach.doc, {
				text: 'Script three open questions',
				ownerId: setup.teacher.user.id,
				due: addDays(today, -3)
			});
			const soon = addActionStep(teacher.doc, {
				text: 'Send the exit-ticket data',
				ownerId: setup.adminCoach.user.id,
				due: addDays(today, 2)
			});
			await Promise.all([coach.allSaved(), teacher.allSaved()]);

			const overdue = await eventually(
				() =>
					setup.teacher.client.json<{ actionSteps: StepBody[] }>(
						`/api/v1/me/action-steps?workspaceId=${setup.adminCoach.workspaceId}&view=overdue`
					),
				(r) => r.body.actionSteps.length === 1,
				'the overdue step'
			);
			expect(overdue.body.actionSteps[0]).toMatchObject({
				id: late,
				text: 'Script three open questions',
				owner: { id: setup.teacher.user.id, name: 'Taylor Teacher' },
				status: 'overdue',
				documentId: setup.goalId
			});
			const week = await setup.adminCoach.client.json<{ actionSteps: StepBody[] }>(
				`/api/v1/me/action-steps?workspaceId=${setup.adminCoach.workspaceId}&view=week`
			);
			expect(week.body.actionSteps.map((s) => s.text)).toEqual(['Send the exit-ticket data']);

			// Ticking it off live takes it out of the open views at the next store.
			updateActionStep(teacher.doc, late, { done: true });
			await teacher.allSaved();
			await eventually(
				() =>
					setup.teacher.client.json<{ actionSteps: StepBody[] }>(
						`/api/v1/me/action-steps?workspaceId=${setup.adminCoach.workspaceId}&view=overdue`
					),
				(r) => r.body.actionSteps.length === 0,
				'the step to leave the overdue view'
			);
			const all = await setup.teacher.client.json<{ actionSteps: StepBody[] }>(
				`/api/v1/cycles/${setup.cycleId}/action-steps`
			);
			expect(all.body.actionSteps.find((s) => s.id === late)).toMatchObject({ done: true, status: 'done' });

			// Removing every step live clears them at the next store.
			removeActionStep(coach.doc, late);
			removeActionStep(coach.doc, soon);
			await coach.allSaved();
			await eventually(
				() =>
					setup.teacher.client.json<{ actionSteps: StepBody[] }>(
						`/api/v1/cycles/${setup.cycleId}/action-steps`
					),
				(r) => r.body.actionSteps.length === 0,
				'the removed steps to leave the cycle'
			);
		} finally {
			coach.destroy();
			teacher.destroy();
		}
	});

	it('never shows a cycle’s action steps to an admin or another teacher', async () => {
		const admin = await setup.principal.client.json(`/api/v1/cycles/${setup.cycleId}/action-steps`);
		expect(admin.status).toBe(403);
		const other = await setup.otherTeacher.client.json<{ actionSteps: StepBody[] }>(
			`/api/v1/me/action-steps?workspaceId=${setup.adminCoach.workspaceId}`
		);
		expect(other.body.actionSteps).toEqual([]);
	});

	it('ignores malformed action steps without failing the store', async () => {
		const coach = await connectSynced(server.wsUrl, setup.goalId, setup.adminCoach.client.cookieHeader);
		try {
			const steps = coach.doc.getArray<unknown>('actionSteps');
			coach.doc.transact(() => {
				steps.push(['not a map', 42]);
				const noText = new Y.Map<unknown>();
				noText.set('id', 'x');
				steps.push([noText]);
			});
			addActionStep(coach.doc, { text: 'Try think-pair-share', ownerId: null, due: null });
			await coach.allSaved();
		} finally {
			coach.destroy();
		}
		const progress = await eventually(
			() =>
				setup.teacher.client.json<{ actionSteps: StepBody[] }>(
					`/api/v1/cycles/${setup.cycleId}/action-steps`
				),
			(r) => r.status === 200 && r.body.actionSteps.length === 1,
			'the store after garbage'
		);
		// The well-formed step is derived; the two malformed entries are skipped (the earlier steps were removed).
		expect(progress.body.actionSteps.map((s) => s.text)).toEqual(['Try think-pair-share']);
	});

	it('keeps an admin out of every cycle document: API 404, socket 4403', async () => {
		const plan = await setup.adminCoach.client.json<{ id: string }>(
			`/api/v1/cycles/${setup.cycleId}/documents`,
			{
				method: 'POST',
				body: { kind: 'lesson_plan', title: 'Fractions on a number line', template: 'lesson_plan' }
			}
		);
		expect(plan.status).toBe(201);
		for (const id of [plan.body.id, setup.goalId]) {
			expect((await setup.principal.client.json(`/api/v1/documents/${id}`)).status).toBe(404);
			const socket = connectClient({
				wsUrl: server.wsUrl,
				documentId: id,
				cookie: setup.principal.client.cookieHeader
			});
			try {
				await expect(socket.authenticated).rejects.toThrow();
				expect(await socket.nextClose()).toBe(4403);
				expect(socket.doc.share.size).toBe(0);
			} finally {
				socket.destroy();
			}
		}
		const coach = await connectSynced(server.wsUrl, plan.body.id, setup.adminCoach.client.cookieHeader);
		try {
			expect(coach.doc.getXmlFragment('body').toString()).toContain('Look-fors for the coach');
		} finally {
			coach.destroy();
		}
	});

	it('creates an observation from a lesson plan with its look-fors as headings', async () => {
		const plan = await setup.teacher.client.json<{ id: string }>(
			`/api/v1/cycles/${setup.cycleId}/documents`,
			{
				method: 'POST',
				body: { kind: 'lesson_plan', title: 'Number talks' }
			}
		);
		const writer = await connectSynced(server.wsUrl, plan.body.id, setup.teacher.client.cookieHeader);
		try {
			// The template ends with the look-fors section: what is added at the end lands under it.
			const body = writer.doc.getXmlFragment('body');
			writer.doc.transact(() => {
				for (const text of ['Students explain why', 'Wait time of three seconds']) {
					const line = new Y.XmlElement('paragraph');
					line.insert(0, [new Y.XmlText(text)]);
					body.push([line]);
				}
			});
			await writer.allSaved();
		} finally {
			writer.destroy();
		}
		const byAdmin = await setup.principal.client.json(`/api/v1/documents/${plan.body.id}/observations`, {
			method: 'POST'
		});
		expect(byAdmin.status).toBe(404);
		const fromGoal = await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/observations`, {
			method: 'POST'
		});
		expect(fromGoal.status).toBe(400);
		const observation = await setup.adminCoach.client.json<{
			id: string;
			kind: string;
			title: string;
			cycleId: string;
		}>(`/api/v1/documents/${plan.body.id}/observations`, { method: 'POST' });
		expect(observation.status).toBe(201);
		expect(observation.body).toMatchObject({
			kind: 'observation',
			title: 'Observation: Number talks',
			cycleId: setup.cycleId
		});
		const reader = await connectSynced(server.wsUrl, observation.body.id, setup.teacher.client.cookieHeader);
		try {
			const headings = reader.doc
				.getXmlFragment('body')
				.toArray()
				.filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'heading')
				.map((node) => node.toArray().join(''));
			expect(headings).toEqual(['Students explain why', 'Wait time of three seconds']);
		} finally {
			reader.destroy();
		}
	});
});
