// Live observations through a real server and real providers (issue #5): observers who go offline and
// come back merge into the right totals; a tool's figure feeds the cycle's goal and follows the taps after
// each store; the group debrief is made once, with the totals and each observer's highlights.
import { WebSocketStatus } from '@hocuspocus/provider';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readGoal } from '../../src/lib/domain/goal-document.ts';
import { observationSource } from '../../src/lib/domain/observation-goal.ts';
import { tapTotals } from '../../src/lib/domain/observation/figures.ts';
import { readObservation } from '../../src/lib/domain/observation/read.ts';
import {
	addLibraryTool,
	addNote,
	recordTap,
	setNoteHighlight,
	startObservation,
	stopObservation,
	undoLastTap,
	type Stamp
} from '../../src/lib/domain/observation/write.ts';
import { backends } from '../support/backends.ts';
import { connectClient, connectSynced, waitFor, type CollabClient } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import type { SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Hocuspocus stores at most maxDebounce (10 s) after the first change; the derived records follow.
const STORE_WAIT_MS = 30_000;

let clock = Date.parse('2026-03-02T09:00:00.000Z');
/** Strictly increasing times, so "my last tap" is never a tie. */
const stamp = (): Stamp => ({ at: new Date((clock += 1000)), clock: 'server' });

async function eventually<T>(
	read: () => T | Promise<T>,
	done: (value: T) => boolean,
	what: string
): Promise<T> {
	const deadline = Date.now() + STORE_WAIT_MS;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** A provider that reconnects, like a browser's: offline is `socket.disconnect()`, back is `connect()`. */
async function observer(server: TestServer, documentId: string, who: SignedUp): Promise<CollabClient> {
	const client = connectClient({
		wsUrl: server.wsUrl,
		documentId,
		cookie: who.client.cookieHeader,
		reconnect: true
	});
	await client.authenticated;
	await waitFor(() => client.provider.isSynced, 10_000, 'sync');
	return client;
}

/** Offline until the socket has really closed: connecting again while it is closing is a no-op. */
async function goOffline(client: CollabClient) {
	client.socket.disconnect();
	await waitFor(() => client.socket.status === WebSocketStatus.Disconnected, 5000, 'the socket to close');
}

async function comeBack(client: CollabClient) {
	await client.socket.connect();
	await waitFor(() => client.provider.isSynced, 10_000, 'sync after reconnect');
	await client.allSaved(15_000);
}

async function createObservation(setup: CoachingSetup, title = 'Observation: fractions'): Promise<string> {
	const created = await setup.adminCoach.client.json<{ id: string; kind: string }>(
		`/api/v1/cycles/${setup.cycleId}/documents`,
		{ method: 'POST', body: { kind: 'observation', title } }
	);
	expect(created.status).toBe(201);
	expect(created.body.kind).toBe('observation');
	return created.body.id;
}

describe.each(backends)('live observations (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('two observers who go offline and come back produce the right totals, lanes and order', async () => {
		const observationId = await createObservation(setup);
		const coach = await observer(server, observationId, setup.adminCoach);
		const teacher = await observer(server, observationId, setup.teacher);
		try {
			startObservation(coach.doc, stamp(), setup.adminCoach.user.id);
			addLibraryTool(coach.doc, 'open-closed', stamp());
			addLibraryTool(coach.doc, 'engagement', stamp());
			await coach.allSaved();
			await waitFor(
				() => readObservation(teacher.doc).tools.length === 2,
				10_000,
				'the tools at the teacher'
			);

			// Both lose the network; both keep tapping and writing.
			await Promise.all([goOffline(coach), goOffline(teacher)]);
			const coachId = setup.adminCoach.user.id;
			const teacherId = setup.teacher.user.id;
			for (let i = 0; i < 7; i++)
				recordTap(coach.doc, { tool: 'open-closed', code: 'open', by: coachId }, stamp());
			for (let i = 0; i < 3; i++)
				recordTap(coach.doc, { tool: 'open-closed', code: 'closed', by: coachId }, stamp());
			for (let i = 0; i < 5; i++)
				recordTap(teacher.doc, { tool: 'open-closed', code: 'open', by: teacherId }, stamp());
			recordTap(teacher.doc, { tool: 'open-closed', code: 'closed', by: teacherId }, stamp());
			recordTap(teacher.doc, { tool: 'engagement', value: 20, by: teacherId }, stamp());
			// The teacher takes back a mistaken tap: their own, never the coach's.
			expect(undoLastTap(teacher.doc, teacherId, 'open-closed')).toMatchObject({ code: 'closed' });
			addNote(
				coach.doc,
				{ text: 'Hook: a number talk', author: coachId, authorName: 'Casey Coach' },
				stamp()
			);
			addNote(
				teacher.doc,
				{ text: 'Pairs explain to each other', author: teacherId, authorName: 'Taylor Teacher' },
				stamp()
			);
			expect(tapTotals(readObservation(coach.doc))['open-closed']).toEqual({ open: 7, closed: 3 });

			await Promise.all([comeBack(coach), comeBack(teacher)]);
			const expected = { 'open-closed': { open: 12, closed: 3 }, engagement: { engaged: 1 } };
			// A count alone could match mid-merge (a tap arrived, an undo not yet): wait for the totals.
			const totalsOf = (client: CollabClient) => JSON.stringify(tapTotals(readObservation(client.doc)));
			for (const client of [coach, teacher]) {
				await waitFor(() => totalsOf(client) === JSON.stringify(expected), 10_000, 'the same totals on both');
				expect(readObservation(client.doc).events).toHaveLength(16);
				await waitFor(() => readObservation(client.doc).notes.length === 2, 10_000, 'both notes on both');
			}
			// The same lanes, notes and order for both, and for a third observer who joins afterwards.
			const late = await connectSynced(server.wsUrl, observationId, setup.teacher.client.cookieHeader);
			try {
				const views = [coach, teacher, late].map((client) => JSON.stringify(readObservation(client.doc)));
				expect(new Set(views).size).toBe(1);
				expect(tapTotals(readObservation(late.doc))).toEqual(expected);
				expect(readObservation(late.doc).notes.map((n) => n.text)).toEqual([
					'Hook: a number talk',
					'Pairs explain to each other'
				]);
			} finally {
				late.destroy();
			}
		} finally {
			coach.destroy();
			teacher.destroy();
		}
	});

	it('K observers tapping through random disconnects converge to exactly the taps made', async () => {
		const observationId = await createObservation(setup, 'Observation: random network');
		const people = [setup.adminCoach, setup.teacher, setup.adminCoach];
		const clients = await Promise.all(people.map((who) => observer(server, observationId, who)));
		try {
			addLibraryTool(clients[0]!.doc, 'praise-redirect', stamp());
			await clients[0]!.allSaved();
			await waitFor(
				() => clients.every((c) => readObservation(c.doc).tools.length === 1),
				10_000,
				'the tool everywhere'
			);
			let made = 0;
			const op = fc.oneof(
				{ weight: 5, arbitrary: fc.record({ type: fc.constant('tap' as const), who: fc.nat(2) }) },
				{ weight: 1, arbitrary: fc.record({ type: fc.constant('offline' as const), who: fc.nat(2) }) },
				{ weight: 1, arbitrary: fc.record({ type: fc.constant('online' as const), who: fc.nat(2) }) },
				{ weight: 1, arbitrary: fc.record({ type: fc.constant('pause' as const), who: fc.nat(2) }) }
			);
			await fc.assert(
				fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
					const offline = new Set<number>();
					for (const { type, who } of ops) {
						const client = clients[who]!;
						if (type === 'tap') {
							// Two of the clients are the same person on two devices: taps are per event, not per person.
							recordTap(
								client.doc,
								{ tool: 'praise-redirect', code: made % 3 ? 'praise' : 'redirect', by: people[who]!.user.id },
								stamp()
							);
							made += 1;
						} else if (type === 'offline' && !offline.has(who)) {
							await goOffline(client);
							offline.add(who);
						} else if (type === 'online' && offline.has(who)) {
							await client.socket.connect();
							offline.delete(who);
						} else if (type === 'pause') {
							await new Promise((r) => setTimeout(r, 20));
						}
					}
					await Promise.all(
						clients.map(async (client, who) => {
							if (offline.has(who)) return comeBack(client);
							await waitFor(() => client.provider.isSynced, 10_000, 'sync after reconnect');
							await client.allSaved(15_000);
						})
					);
					for (const client of clients) {
						await waitFor(
							() => readObservation(client.doc).events.length === made,
							15_000,
							`${made} taps on every client`
						);
					}
				}),
				{ numRuns: 4 }
			);
		} finally {
			for (const client of clients) client.destroy();
		}
	}, 180_000);

	it('feeds a tool’s percentage into the goal, and the derived measurement follows the taps', async () => {
		const observationId = await createObservation(setup, 'Observation: goal feed');
		const coach = await observer(server, observationId, setup.adminCoach);
		const goal = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		try {
			const coachId = setup.adminCoach.user.id;
			startObservation(coach.doc, stamp(), coachId);
			addLibraryTool(coach.doc, 'open-closed', stamp());
			for (const code of ['open', 'closed', 'closed', 'closed'])
				recordTap(coach.doc, { tool: 'open-closed', code, by: coachId }, stamp());
			await coach.allSaved();

			// Only writers of the observation may send; a percentage needs a button; the tool must exist.
			const byAdmin = await setup.principal.client.json(
				`/api/v1/documents/${observationId}/observation/goal-feed`,
				{
					method: 'POST',
					body: { toolId: 'open-closed', measure: 'percent', code: 'open' }
				}
			);
			expect(byAdmin.status).toBe(404);
			const noCode = await setup.adminCoach.client.json(
				`/api/v1/documents/${observationId}/observation/goal-feed`,
				{
					method: 'POST',
					body: { toolId: 'open-closed', measure: 'percent' }
				}
			);
			expect(noCode.status).toBe(400);
			const noTool = await setup.adminCoach.client.json(
				`/api/v1/documents/${observationId}/observation/goal-feed`,
				{
					method: 'POST',
					body: { toolId: 'nope' }
				}
			);
			expect(noTool.status).toBe(400);

			const sent = await setup.adminCoach.client.json<{ value: number; source: string; goalId: string }>(
				`/api/v1/documents/${observationId}/observation/goal-feed`,
				{ method: 'POST', body: { toolId: 'open-closed', measure: 'percent', code: 'open' } }
			);
			expect(sent.status).toBe(200);
			const source = observationSource(observationId, 'open-closed');
			expect(sent.body).toMatchObject({ value: 25, source, goalId: setup.goalId });
			const fed = () => readGoal(goal.doc).measurements.filter((m) => m.source === source);
			await waitFor(() => fed().length === 1, 10_000, 'the measurement in the goal');
			expect(fed()[0]).toMatchObject({ value: 25 });
			// Every observer sees that the tool feeds the goal.
			await waitFor(
				() => readObservation(coach.doc).tools[0]?.goalFeed?.goalId === setup.goalId,
				10_000,
				'the feed'
			);

			// More open questions: after the observation is stored, the goal's figure follows.
			for (let i = 0; i < 4; i++)
				recordTap(coach.doc, { tool: 'open-closed', code: 'open', by: coachId }, stamp());
			await coach.allSaved();
			await eventually(
				() => fed(),
				(m) => m.length === 1 && m[0]?.value === 62.5,
				'the derived measurement to update'
			);

			// The dashboards' copy of the goal follows too (derived from the goal document on its store).
			const undone = undoLastTap(coach.doc, coachId);
			expect(undone).not.toBeNull();
			await coach.allSaved();
			await eventually(
				() => fed(),
				(m) => m[0]?.value === 57.1,
				'the measurement after an undo'
			);
			expect(fed()).toHaveLength(1);

			// Stopping the feed takes the measurement out of the goal.
			const stopped = await setup.adminCoach.client.request(
				`/api/v1/documents/${observationId}/observation/goal-feed?toolId=open-closed`,
				{ method: 'DELETE' }
			);
			expect(stopped.status).toBe(204);
			await waitFor(() => fed().length === 0, 10_000, 'the measurement to leave the goal');
			await waitFor(() => readObservation(coach.doc).tools[0]?.goalFeed === null, 10_000, 'the feed to stop');
		} finally {
			coach.destroy();
			goal.destroy();
		}
	}, 120_000);

	it('creates the group debrief once, with the totals and each observer’s highlights', async () => {
		const observationId = await createObservation(setup, 'Observation: Number talks');
		const coach = await observer(server, observationId, setup.adminCoach);
		const teacher = await observer(server, observationId, setup.teacher);
		try {
			const coachId = setup.adminCoach.user.id;
			const teacherId = setup.teacher.user.id;
			startObservation(coach.doc, stamp(), coachId);
			addLibraryTool(coach.doc, 'open-closed', stamp());
			for (const code of ['open', 'open', 'closed'])
				recordTap(coach.doc, { tool: 'open-closed', code, by: coachId }, stamp());
			const star = addNote(
				coach.doc,
				{ text: 'Three seconds of wait time', author: coachId, authorName: 'Casey Coach' },
				stamp()
			);
			setNoteHighlight(coach.doc, star, true);
			addNote(coach.doc, { text: 'Not a highlight', author: coachId, authorName: 'Casey Coach' }, stamp());
			addNote(
				teacher.doc,
				{ text: 'Students used number lines', author: teacherId, authorName: 'Taylor Teacher' },
				stamp()
			);
			stopObservation(coach.doc, stamp());
			await Promise.all([coach.allSaved(), teacher.allSaved()]);

			const byAdmin = await setup.principal.client.json(
				`/api/v1/documents/${observationId}/observation/debrief`,
				{
					method: 'POST'
				}
			);
			expect(byAdmin.status).toBe(404);

			const created = await setup.teacher.client.json<{
				id: string;
				kind: string;
				title: string;
				cycleId: string;
				created: boolean;
			}>(`/api/v1/documents/${observationId}/observation/debrief`, { method: 'POST' });
			expect(created.status).toBe(201);
			expect(created.body).toMatchObject({
				kind: 'meeting',
				title: 'Group debrief: Number talks',
				cycleId: setup.cycleId,
				created: true
			});
			const again = await setup.adminCoach.client.json<{ id: string; created: boolean }>(
				`/api/v1/documents/${observationId}/observation/debrief`,
				{ method: 'POST' }
			);
			expect(again.status).toBe(200);
			expect(again.body).toMatchObject({ id: created.body.id, created: false });
			await waitFor(
				() => readObservation(teacher.doc).session.debriefId === created.body.id,
				10_000,
				'the debrief link'
			);

			const debrief = await connectSynced(server.wsUrl, created.body.id, setup.teacher.client.cookieHeader);
			try {
				const lines = debrief.doc
					.getXmlFragment('body')
					.toArray()
					.map((node) => (node as Y.XmlElement).toArray().join(''));
				expect(lines).toContain(
					'Open vs closed questions: Open question 2, Closed question 1, 66.7% open question (3 taps)'
				);
				expect(lines).toContain('Casey Coach');
				expect(lines).toContain('Taylor Teacher');
				expect(lines.some((line) => line.endsWith('Three seconds of wait time'))).toBe(true);
				expect(lines.some((line) => line.endsWith('Students used number lines'))).toBe(true);
				expect(lines.some((line) => line.includes('Not a highlight'))).toBe(false);
			} finally {
				debrief.destroy();
			}
		} finally {
			coach.destroy();
			teacher.destroy();
		}
	});
	it('a demonstration lesson: a PLC’s members observe into one document, each in their lane', async () => {
		const plc = await setup.adminCoach.client.json<{ id: string }>(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/plcs`,
			{
				method: 'POST',
				body: {
					name: 'Grade 4 math',
					memberIds: [setup.adminCoach.user.id, setup.teacher.user.id, setup.otherTeacher.user.id]
				}
			}
		);
		expect(plc.status).toBe(201);
		const created = await setup.adminCoach.client.json<{ id: string; plcId: string; kind: string }>(
			`/api/v1/plcs/${plc.body.id}/documents`,
			{ method: 'POST', body: { kind: 'observation', title: 'Demonstration lesson: number talks' } }
		);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ kind: 'observation', plcId: plc.body.id });
		const observationId = created.body.id;

		// Outside the group, the lesson's notes do not exist (docs/design.md §4): not even the admin reads them.
		const outsider = connectClient({
			wsUrl: server.wsUrl,
			documentId: observationId,
			cookie: setup.principal.client.cookieHeader
		});
		try {
			await expect(outsider.authenticated).rejects.toThrow();
			expect(await outsider.nextClose()).toBe(4403);
		} finally {
			outsider.destroy();
		}

		const members = [setup.adminCoach, setup.teacher, setup.otherTeacher];
		const clients = await Promise.all(members.map((who) => observer(server, observationId, who)));
		try {
			startObservation(clients[0]!.doc, stamp(), setup.adminCoach.user.id);
			addLibraryTool(clients[0]!.doc, 'open-closed', stamp());
			await clients[0]!.allSaved();
			await waitFor(
				() => clients.every((c) => readObservation(c.doc).tools.length === 1),
				10_000,
				'the tool at every observer'
			);
			// All three at once: two taps each and a note each, one of them offline meanwhile.
			await goOffline(clients[2]!);
			members.forEach((who, index) => {
				const doc = clients[index]!.doc;
				recordTap(doc, { tool: 'open-closed', code: 'open', by: who.user.id }, stamp());
				recordTap(doc, { tool: 'open-closed', code: 'closed', by: who.user.id }, stamp());
				addNote(
					doc,
					{ text: `Noticed by ${who.user.name}`, author: who.user.id, authorName: who.user.name },
					stamp()
				);
			});
			await comeBack(clients[2]!);
			await Promise.all(clients.slice(0, 2).map((c) => c.allSaved()));
			for (const client of clients) {
				await waitFor(
					() =>
						JSON.stringify(tapTotals(readObservation(client.doc))) ===
						JSON.stringify({ 'open-closed': { open: 3, closed: 3 } }),
					10_000,
					'every tap at every observer'
				);
				await waitFor(() => readObservation(client.doc).notes.length === 3, 10_000, 'every note');
			}
			expect(new Set(readObservation(clients[0]!.doc).notes.map((n) => n.lane))).toEqual(
				new Set(members.map((who) => who.user.id))
			);

			// A PLC has no goal to feed; its debrief belongs to the PLC.
			const feed = await setup.teacher.client.json(
				`/api/v1/documents/${observationId}/observation/goal-feed`,
				{
					method: 'POST',
					body: { toolId: 'open-closed', measure: 'count' }
				}
			);
			expect(feed.status).toBe(400);
			const debrief = await setup.otherTeacher.client.json<{
				id: string;
				plcId: string;
				cycleId: string | null;
			}>(`/api/v1/documents/${observationId}/observation/debrief`, { method: 'POST' });
			expect(debrief.status).toBe(201);
			expect(debrief.body).toMatchObject({ plcId: plc.body.id, cycleId: null });
			expect((await setup.principal.client.json(`/api/v1/documents/${debrief.body.id}`)).status).toBe(404);
			expect((await setup.teacher.client.json(`/api/v1/documents/${debrief.body.id}`)).status).toBe(200);
		} finally {
			for (const client of clients) client.destroy();
		}
	});
});
