// Exports that hold everything (issue 16 §4). Every kind of document is filled through the real socket with
// the domain's writers (the body in the editor's own Y format), comments through the API, then exported as
// Markdown, JSON and PDF, alone and as a whole cycle: every value typed in must be in the export. The same
// can() as for reading decides who may export, and exports by anyone but the pair are in the ledger.
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addActionStep } from '../../src/lib/domain/action-steps.ts';
import { addMeasurement, setGoalField, setPeers } from '../../src/lib/domain/goal-document.ts';
import {
	addNote,
	addTool,
	codesFromLabels,
	recordTap,
	setNoteHighlight,
	startObservation,
	stopObservation,
	type Stamp
} from '../../src/lib/domain/observation/write.ts';
import { addPhase } from '../../src/lib/domain/protocol.ts';
import { bodyExtensions } from '../../src/lib/format/document-schema.ts';
import { exportFilename } from '../../src/lib/format/export/filename.ts';
import { backends } from '../support/backends.ts';
import { connectSynced, type CollabClient } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import type { SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const schema = getSchema(bodyExtensions());

interface Filled {
	id: string;
	title: string;
	kind: string;
	/** Every value typed into the document: each must appear in its export. */
	canaries: string[];
}

let clock = Date.parse('2026-03-02T14:00:00.000Z');
const stamp = (ms = 60_000): Stamp => ({ at: new Date((clock += ms)), clock: 'server' });

/** A body as the editor writes it, with a canary in each kind of node. */
function writeBody(client: CollabClient, tag: string): string[] {
	const c = (what: string) => `CANARY-${tag}-${what}`;
	const t = (text: string) => ({ type: 'text', text });
	const p = (text: string) => ({ type: 'paragraph', content: [t(text)] });
	prosemirrorJSONToYXmlFragment(
		schema,
		{
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [t(c('heading'))] },
				p(c('paragraph')),
				{ type: 'bulletList', content: [{ type: 'listItem', content: [p(c('bullet'))] }] },
				{
					type: 'taskList',
					content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(c('task'))] }]
				},
				{
					type: 'table',
					content: [
						{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p(c('th'))] }] },
						{ type: 'tableRow', content: [{ type: 'tableCell', content: [p(c('td'))] }] }
					]
				}
			]
		},
		client.doc.getXmlFragment('body')
	);
	return ['heading', 'paragraph', 'bullet', 'task', 'th', 'td'].map(c);
}

describe.each(backends)('exports that hold everything (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	const filled: Filled[] = [];

	async function create(owner: SignedUp, path: string, kind: string, title: string): Promise<string> {
		const created = await owner.client.json<{ id: string }>(path, { method: 'POST', body: { kind, title } });
		expect(created.status).toBe(201);
		return created.body.id;
	}

	async function fill(
		who: SignedUp,
		documentId: string,
		tag: string,
		write: (client: CollabClient, c: (what: string) => string) => string[]
	): Promise<string[]> {
		const client = await connectSynced(server.wsUrl, documentId, who.client.cookieHeader);
		try {
			const c = (what: string) => `CANARY-${tag}-${what}`;
			const canaries = [...writeBody(client, tag), ...write(client, c)];
			const step = c('step');
			addActionStep(client.doc, { text: step, ownerId: setup.teacher.user.id, due: '2026-03-20' });
			await client.allSaved();
			const comment = c('comment');
			const posted = await who.client.json(`/api/v1/documents/${documentId}/comments`, {
				method: 'POST',
				body: { text: comment }
			});
			expect(posted.status).toBe(201);
			return [...canaries, step, comment];
		} finally {
			client.destroy();
		}
	}

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		const { adminCoach: coach, teacher } = setup;
		const cycleDocs = `/api/v1/cycles/${setup.cycleId}/documents`;

		filled.push({
			id: setup.goalId,
			title: 'Goal: Student discourse',
			kind: 'goal',
			canaries: await fill(coach, setup.goalId, 'goal', (client, c) => {
				setGoalField(client.doc, 'statement', c('statement'));
				setGoalField(client.doc, 'metric', c('metric'));
				setGoalField(client.doc, 'baseline', '3 of 24 students');
				setGoalField(client.doc, 'target', '35%');
				setGoalField(client.doc, 'due', '2026-05-29');
				setPeers(client.doc, 'powerful', true);
				setPeers(client.doc, 'reachable', true);
				addMeasurement(client.doc, {
					date: '2026-03-04',
					value: 9,
					note: c('measurement'),
					source: 'manual'
				});
				return [c('statement'), c('metric'), '3 of 24 students', '35%', c('measurement')];
			})
		});

		const observationId = await create(coach, cycleDocs, 'observation', 'Observation: fractions');
		const teacherLane = await connectSynced(server.wsUrl, observationId, teacher.client.cookieHeader);
		const observationCanaries = await fill(coach, observationId, 'obs', (client, c) => {
			const coachId = coach.user.id;
			startObservation(client.doc, stamp(), coachId);
			const tally = addTool(
				client.doc,
				{ type: 'tally', label: c('tally'), codes: codesFromLabels([c('code-a'), c('code-b')]) },
				stamp()
			);
			const timer = addTool(
				client.doc,
				{ type: 'timer', label: c('timer'), codes: codesFromLabels([c('segment-a'), c('segment-b')]) },
				stamp()
			);
			const sweep = addTool(client.doc, { type: 'sweep', label: c('sweep'), codes: [], size: 24 }, stamp());
			const [codeA = '', codeB = ''] = codesFromLabels([c('code-a'), c('code-b')]).map((code) => code.id);
			const [segmentA = '', segmentB = ''] = codesFromLabels([c('segment-a'), c('segment-b')]).map(
				(code) => code.id
			);
			for (let i = 0; i < 3; i++) recordTap(client.doc, { tool: tally, code: codeA, by: coachId }, stamp());
			recordTap(client.doc, { tool: tally, code: codeB, by: coachId }, stamp(6 * 60_000));
			recordTap(client.doc, { tool: timer, code: segmentA, by: coachId }, stamp());
			recordTap(client.doc, { tool: timer, code: segmentB, by: coachId }, stamp(120_000));
			recordTap(client.doc, { tool: timer, code: '', phase: 'stop', by: coachId }, stamp(180_000));
			recordTap(client.doc, { tool: sweep, value: 18, by: coachId }, stamp());
			const note = addNote(
				client.doc,
				{ text: c('coach-note'), tags: [c('tag')], author: coachId, authorName: 'Casey Coach' },
				stamp()
			);
			setNoteHighlight(client.doc, note, true);
			// The teacher writes in their own lane, at the same time, through their own socket.
			addNote(
				teacherLane.doc,
				{ text: c('teacher-note'), author: teacher.user.id, authorName: 'Taylor Teacher' },
				stamp()
			);
			stopObservation(client.doc, stamp());
			return [
				c('tally'),
				c('timer'),
				c('sweep'),
				c('code-a'),
				c('code-b'),
				c('segment-a'),
				c('segment-b')
			].concat([c('coach-note'), c('teacher-note'), c('tag')]);
		});
		await teacherLane.allSaved();
		teacherLane.destroy();
		filled.push({
			id: observationId,
			title: 'Observation: fractions',
			kind: 'observation',
			canaries: observationCanaries
		});

		for (const kind of ['lesson_plan', 'meeting', 'note'] as const) {
			const title = `A ${kind.replace('_', ' ')} to keep`;
			const id = await create(coach, cycleDocs, kind, title);
			filled.push({ id, title, kind, canaries: await fill(coach, id, kind.replace('_', '-'), () => []) });
		}

		const plc = await coach.client.json<{ id: string }>(`/api/v1/workspaces/${coach.workspaceId}/plcs`, {
			method: 'POST',
			body: { name: 'Grade 4 team', memberIds: [coach.user.id, teacher.user.id] }
		});
		expect(plc.status).toBe(201);
		const plcDocs = `/api/v1/plcs/${plc.body.id}/documents`;
		const notesId = await create(coach, plcDocs, 'plc_notes', 'Team notes');
		filled.push({
			id: notesId,
			title: 'Team notes',
			kind: 'plc_notes',
			canaries: await fill(coach, notesId, 'plc', () => [])
		});
		const protocolId = await create(coach, plcDocs, 'protocol', 'Looking at student work');
		filled.push({
			id: protocolId,
			title: 'Looking at student work',
			kind: 'protocol',
			canaries: await fill(coach, protocolId, 'protocol', (client, c) => {
				addPhase(client.doc, { name: c('phase'), minutes: 7 });
				return [c('phase')];
			})
		});
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('fills one document of every kind', () => {
		expect(filled.map((d) => d.kind).sort()).toEqual(
			['goal', 'lesson_plan', 'meeting', 'note', 'observation', 'plc_notes', 'protocol'].sort()
		);
	});

	it('carries every value typed in, as Markdown and JSON, in files named after the document', async () => {
		for (const document of filled) {
			const md = await setup.adminCoach.client.request(`/api/v1/documents/${document.id}/export?format=md`);
			expect(md.status).toBe(200);
			expect(md.headers.get('content-type')).toContain('text/markdown');
			expect(md.headers.get('content-disposition')).toContain(
				`filename*=UTF-8''${encodeURIComponent(exportFilename(document.title, 'md'))}`
			);
			const markdown = await md.text();
			expect(markdown.startsWith(`# ${document.title}\n`)).toBe(true);
			for (const canary of document.canaries)
				expect(markdown, `${document.kind}: ${canary}`).toContain(canary);

			const js = await setup.adminCoach.client.request(`/api/v1/documents/${document.id}/export?format=json`);
			expect(js.status).toBe(200);
			expect(js.headers.get('content-disposition')).toContain('.json');
			expect(js.headers.get('content-disposition')).not.toContain('export.json');
			const body = (await js.json()) as { content: Record<string, unknown> };
			const content = JSON.stringify(body.content);
			for (const canary of document.canaries)
				expect(content, `${document.kind}: ${canary}`).toContain(canary);
		}
	});

	it('writes an observation’s notes with times, lanes and tags, and each tool’s totals and segments', async () => {
		const observation = filled.find((d) => d.kind === 'observation')!;
		const c = (what: string) => `CANARY-obs-${what}`;
		const markdown = await (
			await setup.adminCoach.client.request(`/api/v1/documents/${observation.id}/export?format=md`)
		).text();
		// Lanes by observer, with the note's offset from the start and its tags.
		expect(markdown).toMatch(
			new RegExp(
				`\\| [^|]+ \\| \\d+:\\d\\d +\\| Casey Coach +\\| \\*\\*Highlight:\\*\\* ${c('coach-note')} +\\| ${c('tag')} +\\|`
			)
		);
		expect(markdown).toMatch(new RegExp(`\\| Taylor Teacher +\\| ${c('teacher-note')} `));
		// Totals per code, and per five minutes.
		expect(markdown).toMatch(new RegExp(`\\| ${c('code-a')} +\\| 3 +\\|`));
		expect(markdown).toMatch(new RegExp(`\\| ${c('code-b')} +\\| 1 +\\|`));
		expect(markdown).toMatch(/\| \*\*Total\*\* +\| \*\*4\*\* +\|/);
		// The timer's segments: two minutes then three.
		expect(markdown).toMatch(new RegExp(`\\| ${c('segment-a')} +\\| 2:00 +\\| 40%`));
		expect(markdown).toMatch(new RegExp(`\\| ${c('segment-b')} +\\| 3:00 +\\| 60%`));
		// The sweep: 18 of 24 engaged.
		expect(markdown).toMatch(/\| 18 +\| 24 +\| 75%/);

		const body = (await (
			await setup.adminCoach.client.request(`/api/v1/documents/${observation.id}/export?format=json`)
		).json()) as {
			content: {
				observation: {
					notes: { text: string; lane: string; tags: string[]; at: string; offsetMs: number }[];
					tools: {
						kind: string;
						total?: number;
						counts?: { count: number }[];
						segments?: { ms: number }[];
						buckets?: { total: number }[];
					}[];
				};
			};
		};
		const { notes, tools } = body.content.observation;
		expect(notes.map((n) => [n.text, n.lane, n.tags])).toEqual([
			[c('coach-note'), setup.adminCoach.user.id, [c('tag')]],
			[c('teacher-note'), setup.teacher.user.id, []]
		]);
		expect(notes.every((n) => typeof n.at === 'string' && n.offsetMs > 0)).toBe(true);
		const counts = tools.find((t) => t.kind === 'counts')!;
		expect(counts.total).toBe(4);
		expect(counts.counts!.map((x) => x.count)).toEqual([3, 1]);
		// Taps at 4, 5 and 6 minutes, and at 12: one, two, then one, per five minutes.
		expect(counts.buckets!.map((b) => b.total)).toEqual([1, 2, 1]);
		expect(tools.find((t) => t.kind === 'timer')!.segments!.map((s) => s.ms)).toEqual([120_000, 180_000]);
	});

	it('writes a goal’s fields, PEERS and measurements', async () => {
		const markdown = await (
			await setup.teacher.client.request(`/api/v1/documents/${setup.goalId}/export?format=md`)
		).text();
		expect(markdown).toMatch(/\| Baseline +\| 3 of 24 students +\|/);
		expect(markdown).toMatch(/\| Target +\| 35% +\|/);
		expect(markdown).toMatch(/\| Due +\| May 29, 2026 +\|/);
		expect(markdown).toContain('- [x] **Powerful**');
		expect(markdown).toContain('- [ ] **Emotionally compelling**');
		expect(markdown).toContain('- [x] **Reachable**');
		expect(markdown).toMatch(/\| Mar 4, 2026 +\| 9 +\| CANARY-goal-measurement +\| Entered +\|/);
		expect(markdown).toMatch(/- \[ \] CANARY-goal-step — Taylor Teacher \(due Mar 20, 2026\)/);
		expect(markdown).toMatch(/- \*\*Casey Coach\*\*, .+: CANARY-goal-comment/);
		expect(markdown).toContain('**Teacher:** Taylor Teacher');
		expect(markdown).toContain('**Cycle:** Student discourse');
	});

	it('renders any document as a PDF on the server', async () => {
		for (const document of filled) {
			const response = await setup.adminCoach.client.request(
				`/api/v1/documents/${document.id}/export?format=pdf`
			);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/pdf');
			expect(response.headers.get('content-disposition')).toContain(
				encodeURIComponent(exportFilename(document.title, 'pdf'))
			);
			const bytes = Buffer.from(await response.arrayBuffer());
			expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
		}
	});

	it('gives the teacher a whole cycle as one PDF and as a ZIP of Markdown files named after each document', async () => {
		const cycleTitles = filled.filter((d) => !['plc_notes', 'protocol'].includes(d.kind)).map((d) => d.title);
		const zip = await setup.teacher.client.request(`/api/v1/cycles/${setup.cycleId}/export?format=zip`);
		expect(zip.status).toBe(200);
		expect(zip.headers.get('content-type')).toBe('application/zip');
		expect(zip.headers.get('content-disposition')).toContain('Student discourse.zip');
		const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
		expect(Object.keys(files).sort()).toEqual(cycleTitles.map((t) => exportFilename(t, 'md')).sort());
		for (const document of filled.filter((d) => cycleTitles.includes(d.title))) {
			const text = strFromU8(files[exportFilename(document.title, 'md')]!);
			for (const canary of document.canaries) expect(text, `${document.kind}: ${canary}`).toContain(canary);
		}

		const pdf = await setup.teacher.client.request(`/api/v1/cycles/${setup.cycleId}/export?format=pdf`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-disposition')).toContain('Student discourse.pdf');
		const bytes = Buffer.from(await pdf.arrayBuffer());
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// A document per section: at least one page each.
		const pages = bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
		expect(pages.length).toBeGreaterThanOrEqual(cycleTitles.length);
	});

	it('refuses what the reader may not read, and keeps exports by others in the ledger', async () => {
		const { otherTeacher, principal, teacher } = setup;
		const ledger = async () =>
			(
				await teacher.client.json<{ actorId: string; action: string; channel: string; decision: string }[]>(
					`/api/v1/documents/${setup.goalId}/ledger`
				)
			).body;
		for (const format of ['md', 'json', 'pdf']) {
			expect(
				(await otherTeacher.client.json(`/api/v1/documents/${setup.goalId}/export?format=${format}`)).status
			).toBe(404);
			expect(
				(await principal.client.json(`/api/v1/documents/${setup.goalId}/export?format=${format}`)).status
			).toBe(404);
		}
		for (const format of ['pdf', 'zip']) {
			// Not their cycle: not even there. An admin sees the cycle, and none of what is written in it.
			expect(
				(await otherTeacher.client.json(`/api/v1/cycles/${setup.cycleId}/export?format=${format}`)).status
			).toBe(404);
			expect(
				(await principal.client.json(`/api/v1/cycles/${setup.cycleId}/export?format=${format}`)).status
			).toBe(403);
		}
		expect((await teacher.client.json(`/api/v1/documents/${setup.goalId}/export?format=docx`)).status).toBe(
			400
		);
		expect((await teacher.client.json(`/api/v1/cycles/${setup.cycleId}/export?format=md`)).status).toBe(400);
		expect((await teacher.client.json(`/api/v1/cycles/not-an-id/export?format=zip`)).status).toBe(404);

		// The teacher shares the goal: the principal may now export it, and only it; each export is in the ledger.
		const shared = await teacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: principal.user.id, access: 'read' }
		});
		expect(shared.status).toBe(201);
		expect(
			(await principal.client.request(`/api/v1/documents/${setup.goalId}/export?format=pdf`)).status
		).toBe(200);
		const zip = await principal.client.request(`/api/v1/cycles/${setup.cycleId}/export?format=zip`);
		expect(zip.status).toBe(200);
		expect(Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())))).toEqual([
			'Goal Student discourse.md'
		]);
		expect(zip.headers.get('content-disposition')).toContain('Casey Coach coaching Taylor Teacher.zip');

		const deadline = Date.now() + 10_000;
		let entries = await ledger();
		const principalExports = () =>
			entries
				.filter((e) => e.actorId === principal.user.id && e.action === 'export')
				.map((e) => `${e.decision}/${e.channel}`);
		while (principalExports().filter((e) => e === 'allowed/export').length < 1 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 200));
			entries = await ledger();
		}
		expect(principalExports()).toContain('denied/export');
		expect(principalExports()).toContain('allowed/export');
		expect(entries.some((e) => e.actorId === otherTeacher.user.id && e.decision === 'denied')).toBe(true);
		// The pair's own exports are theirs, not "others reading".
		expect(entries.some((e) => e.actorId === teacher.user.id && e.action === 'export')).toBe(false);
	});
});
