// Issue 16 §2 on real servers: search finds what a person may read and nothing else. One word is written
// into every document and cycle of a school (a cycle's documents, the coach's sealed notes, a PLC's notes,
// the staff's notes); each person's search for it must list exactly what `can()` lets them read (asked
// through GET /api/v1/documents/:id and /cycles/:id), with a total and pages that count nothing else.
// Then a share, an unshare, a lost coach role, a left PLC, a deactivation and a deletion each change search
// at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setGoalField } from '../../src/lib/domain/goal-document.ts';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { buildCoachingCycle, createWorkspaceDocument, type CoachingSetup } from '../support/fixtures.ts';
import { inviteAndJoin, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface SearchBody {
	total: number;
	results: {
		type: string;
		id: string;
		kind: string;
		title: string;
		cycleName: string | null;
		snippet: { text: string; match: boolean }[];
	}[];
}

const run = Math.random().toString(36).slice(2, 8);
/** The word every document and cycle holds. */
const EVERYWHERE = `everywhere${run}`;

describe.each(backends)('search finds only what each person may read (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let coach2: SignedUp;
	let plcId: string;
	const documents = new Map<string, string>();
	const cycles: string[] = [];
	const people = () => ({
		adminCoach: setup.adminCoach,
		teacher: setup.teacher,
		principal: setup.principal,
		otherTeacher: setup.otherTeacher,
		coach2
	});

	const search = async (who: SignedUp, q: string, extra = '') =>
		(
			await who.client.json<SearchBody>(
				`/api/v1/search?workspaceId=${who.workspaceId}&q=${encodeURIComponent(q)}${extra}`
			)
		).body;

	/** Every id a search lists, page by page (three to a page, so the pages are walked). */
	const allFound = async (who: SignedUp, q: string) => {
		const ids: string[] = [];
		for (let offset = 0; ; offset += 3) {
			const page = await search(who, q, `&limit=3&offset=${offset}`);
			ids.push(...page.results.map((r) => r.id));
			if (page.results.length < 3) return { ids, total: page.total };
		}
	};

	/** Writes a paragraph as `who` and waits until search (as them) finds `word` in it. */
	const write = async (who: SignedUp, documentId: string, text: string, word: string) => {
		const client = await connectSynced(server.wsUrl, documentId, who.client.cookieHeader);
		try {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(text)]);
			client.doc.getXmlFragment('body').push([paragraph]);
			await client.allSaved();
		} finally {
			client.destroy();
		}
		await indexed(who, word, documentId);
	};

	const indexed = async (who: SignedUp, word: string, id: string) => {
		const deadline = Date.now() + 20_000;
		while (!(await search(who, word)).results.some((r) => r.id === id)) {
			if (Date.now() > deadline) throw new Error(`${word} was never indexed in ${id}`);
			await new Promise((resolve) => setTimeout(resolve, 150));
		}
	};

	const readable = async (who: SignedUp) => {
		const ids: string[] = [];
		for (const id of documents.values())
			if ((await who.client.json(`/api/v1/documents/${id}`)).status === 200) ids.push(id);
		for (const id of cycles) {
			const cycle = await who.client.json<{ title?: string }>(`/api/v1/cycles/${id}`);
			if (cycle.status === 200 && cycle.body.title !== undefined) ids.push(id);
		}
		return ids.sort();
	};

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		coach2 = await inviteAndJoin(setup.adminCoach, ['coach'], 'Cory Second');
		const ws = setup.adminCoach.workspaceId as string;
		const coachClient = setup.adminCoach.client;

		const created = async (who: SignedUp, path: string, body: Record<string, unknown>) => {
			const response = await who.client.json<{ id: string; documents?: { id: string }[] }>(path, {
				method: 'POST',
				body
			});
			if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
			return response.body;
		};
		// The first cycle's title holds the word; a second cycle, coached by coach2, holds it in its focus.
		await coachClient.json(`/api/v1/cycles/${setup.cycleId}`, {
			method: 'PATCH',
			body: { title: `Student discourse ${EVERYWHERE}` }
		});
		cycles.push(setup.cycleId);
		const second = await created(coach2, `/api/v1/workspaces/${ws}/cycles`, {
			teacherId: setup.otherTeacher.user.id,
			title: 'Routines',
			focus: `Transitions ${EVERYWHERE}`
		});
		cycles.push(second.id);

		documents.set(
			'plan',
			(
				await created(setup.teacher, `/api/v1/cycles/${setup.cycleId}/documents`, {
					kind: 'lesson_plan',
					title: 'Plan'
				})
			).id
		);
		documents.set(
			'routines',
			(
				await created(coach2, `/api/v1/cycles/${second.id}/documents`, {
					kind: 'note',
					title: 'Routines notes'
				})
			).id
		);
		// The coach's sealed notes, opened with a debrief.
		await created(setup.adminCoach, `/api/v1/cycles/${setup.cycleId}/activities`, {
			type: 'debrief',
			startsAt: new Date(Date.now() - 3_600_000).toISOString(),
			durationMinutes: 30,
			openNotes: true
		});
		const cycle = await coachClient.json<{ documents: { id: string; title: string }[] }>(
			`/api/v1/cycles/${setup.cycleId}`
		);
		documents.set(
			'sealed',
			cycle.body.documents.find((d) => d.title.startsWith("Coach's notes"))?.id as string
		);
		const plc = await created(setup.adminCoach, `/api/v1/workspaces/${ws}/plcs`, {
			name: 'Grade 4',
			memberIds: [setup.teacher.user.id, setup.otherTeacher.user.id]
		});
		plcId = plc.id;
		documents.set(
			'plc',
			(
				await created(setup.teacher, `/api/v1/plcs/${plc.id}/documents`, {
					kind: 'plc_notes',
					title: 'Agenda'
				})
			).id
		);
		documents.set('staff', await createWorkspaceDocument(setup.adminCoach, 'Staff notes'));

		const writers: Record<string, SignedUp> = {
			plan: setup.teacher,
			routines: coach2,
			sealed: setup.adminCoach,
			plc: setup.teacher,
			staff: setup.adminCoach
		};
		for (const [name, id] of documents)
			await write(
				writers[name] as SignedUp,
				id,
				`About ${name}: ${EVERYWHERE} ${name}${run}`,
				`${name}${run}`
			);
		// The goal's statement (a field of its own), a comment: each is searchable too.
		const goal = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		try {
			setGoalField(goal.doc, 'statement', `Students explain ${EVERYWHERE} goal${run}`);
			await goal.allSaved();
		} finally {
			goal.destroy();
		}
		documents.set('goal', setup.goalId);
		await indexed(setup.teacher, `goal${run}`, setup.goalId);
	}, 180_000);

	afterAll(async () => {
		await server?.dispose();
	});

	it('lists for every person exactly what can() lets them read, and counts nothing else', async () => {
		for (const [name, who] of Object.entries(people())) {
			const expected = await readable(who);
			const { ids, total } = await allFound(who, EVERYWHERE);
			expect({ name, found: ids.sort() }).toEqual({ name, found: expected });
			expect({ name, total }).toEqual({ name, total: expected.length });
		}
		// What the matrix holds, by name: the admin reads the staff's notes only; the teacher never the sealed notes.
		const principal = (await allFound(setup.principal, EVERYWHERE)).ids;
		expect(principal).toEqual([documents.get('staff')]);
		expect((await allFound(setup.teacher, EVERYWHERE)).ids).not.toContain(documents.get('sealed'));
		expect((await allFound(setup.adminCoach, EVERYWHERE)).ids).toContain(documents.get('sealed'));
		expect((await allFound(setup.adminCoach, EVERYWHERE)).ids).not.toContain(documents.get('plc'));
	});

	it('searches the body, the goal’s fields and comments, with the words highlighted', async () => {
		const comment = await setup.adminCoach.client.json(
			`/api/v1/documents/${documents.get('plan')}/comments`,
			{
				method: 'POST',
				body: { text: `Try wait time comment${run}` }
			}
		);
		expect(comment.status).toBe(201);
		await indexed(setup.teacher, `comment${run}`, documents.get('plan') as string);
		const goal = await search(setup.teacher, `goal${run}`);
		expect(goal.results.map((r) => r.id)).toEqual([setup.goalId]);
		expect(goal.results[0]?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual([`goal${run}`]);
		// Filters narrow among what the person reads.
		const plans = await search(setup.teacher, EVERYWHERE, '&kind=lesson_plan');
		expect(plans.results.map((r) => r.id)).toEqual([documents.get('plan')]);
		const cyclesOnly = await search(setup.teacher, EVERYWHERE, '&kind=cycle');
		expect(cyclesOnly.results.map((r) => r.id)).toEqual([setup.cycleId]);
		const byTeacher = await search(setup.adminCoach, EVERYWHERE, `&teacherId=${setup.teacher.user.id}`);
		expect(byTeacher.results.map((r) => r.id).sort()).toEqual(
			[setup.cycleId, documents.get('plan'), documents.get('sealed'), setup.goalId].sort()
		);
		const future = await search(setup.teacher, EVERYWHERE, '&from=2999-01-01');
		expect(future.total).toBe(0);
		const bad = await setup.teacher.client.json(
			`/api/v1/search?workspaceId=${setup.teacher.workspaceId}&q=x&kind=poem`
		);
		expect(bad.status).toBe(400);
		const foreign = await setup.teacher.client.json(`/api/v1/search?workspaceId=${crypto.randomUUID()}&q=x`);
		expect(foreign.status).toBe(404);
	});

	it('follows a share and an unshare at once, naming the cycle only to the pair', async () => {
		const plan = documents.get('plan') as string;
		const word = `plan${run}`;
		expect((await search(setup.otherTeacher, word)).total).toBe(0);
		const shared = await setup.teacher.client.json(`/api/v1/documents/${plan}/shares`, {
			method: 'POST',
			body: { userId: setup.otherTeacher.user.id, access: 'read' }
		});
		expect(shared.status).toBe(201);
		const found = await search(setup.otherTeacher, word);
		expect(found.results.map((r) => r.id)).toEqual([plan]);
		// The cycle's title is the pair's: a reader it was shared with sees who coaches whom.
		expect(found.results[0]?.cycleName).toBe('Casey Coach coaching Taylor Teacher');
		expect((await search(setup.teacher, word)).results[0]?.cycleName).toContain('Student discourse');
		const unshared = await setup.teacher.client.json(
			`/api/v1/documents/${plan}/shares/${setup.otherTeacher.user.id}`,
			{ method: 'DELETE' }
		);
		expect(unshared.status).toBeLessThan(300);
		expect(await search(setup.otherTeacher, word)).toMatchObject({ total: 0, results: [] });
	});

	it('drops a left PLC, a lost coach role, a deactivated member and a deleted document at once', async () => {
		const left = await setup.adminCoach.client.json(`/api/v1/plcs/${plcId}/members`, {
			method: 'PUT',
			body: { memberIds: [setup.teacher.user.id] }
		});
		expect(left.status).toBe(200);
		expect((await search(setup.otherTeacher, `plc${run}`)).total).toBe(0);
		expect((await search(setup.teacher, `plc${run}`)).total).toBe(1);

		expect((await search(coach2, `routines${run}`)).total).toBe(1);
		const demoted = await setup.adminCoach.client.postForm('/members?/roles', {
			userId: coach2.user.id,
			roles: 'teacher'
		});
		expect(demoted.status).toBeLessThan(400);
		expect(await search(coach2, EVERYWHERE)).toMatchObject({
			total: 1,
			results: [{ id: documents.get('staff') }]
		});

		const deactivated = await setup.adminCoach.client.postForm('/members?/deactivate', {
			userId: setup.otherTeacher.user.id
		});
		expect(deactivated.status).toBeLessThan(400);
		const refused = await setup.otherTeacher.client.json(
			`/api/v1/search?workspaceId=${setup.otherTeacher.workspaceId}&q=${EVERYWHERE}`
		);
		// Deactivation signs them out everywhere: the API no longer knows them.
		expect(refused.status).toBe(401);

		const plan = documents.get('plan') as string;
		const deleted = await setup.teacher.client.json(`/api/v1/documents/${plan}`, { method: 'DELETE' });
		expect(deleted.status).toBe(200);
		expect((await search(setup.teacher, `plan${run}`)).total).toBe(0);
		expect((await search(setup.adminCoach, `comment${run}`)).total).toBe(0);
	});
});
