// Logs carry no content (issue 13 §2): canary words go into every content field, first as the school is
// built (every write succeeds), then again while the database refuses every write that carries one (a
// trigger on every table), so each write path fails with the content in its statement. The server's whole
// output — stdout and stderr, at the most talkative log level — must hold none of them, in any encoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionStep } from '../../src/lib/domain/action-steps.ts';
import { setGoalField } from '../../src/lib/domain/goal-document.ts';
import { addPhase } from '../../src/lib/domain/protocol.ts';
import { backends } from '../support/backends.ts';
import { CanaryBook, type Sighting } from '../support/canary/canary-book.ts';
import { buildCanarySchool, type CanarySchool } from '../support/canary/canary-school.ts';
import { REFUSAL_MESSAGE, refuseWritesContaining } from '../support/canary/refusing-trigger.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import type { SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Everything the server process writes, across restarts. */
class ServerOutput {
	private chunks: Buffer[] = [];
	follow(server: TestServer) {
		const child = server.process();
		child.stdout?.on('data', (chunk: Buffer) => this.chunks.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => this.chunks.push(chunk));
	}
	get text(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}
}

interface Attempt {
	path: string;
	outcome: string;
}

describe.each(backends)('no content in the server log (%s)', (backend) => {
	let server: TestServer;
	let school: CanarySchool;
	const output = new ServerOutput();
	const refused = new CanaryBook();
	const attempts: Attempt[] = [];

	beforeAll(async () => {
		server = await startTestServer(backend, { LOG_LEVEL: 'trace' });
		output.follow(server);
		school = await buildCanarySchool(server.url, server.wsUrl);
		await refuseWritesContaining(server, `cnry${refused.run}`);
		output.follow(server);
		await writeWhileRefused(server, school, refused, attempts);
		// Let the debounced stores and the derivation of action steps run (and fail) too.
		await new Promise((resolve) => setTimeout(resolve, 12_000));
	}, 300_000);

	afterAll(async () => {
		await server?.dispose();
	});

	it('takes every write path to the database: none is turned away before it (a 4xx would test nothing)', () => {
		const turnedAway = attempts.filter((a) => /^HTTP 4/.test(a.outcome));
		expect(turnedAway).toEqual([]);
		expect(attempts.length).toBeGreaterThan(20);
		const outcomes = new Map<string, number>();
		for (const a of attempts) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
		console.log(
			`log canary (${backend}): ${school.book.all.length} canaries stored, then ${refused.all.length} refused in ` +
				`${attempts.length} writes (${[...outcomes].map(([o, n]) => `${n} ${o}`).join(', ')}); the server wrote ` +
				`${output.text.length} characters of log, naming the refusal ${output.text.split(REFUSAL_MESSAGE).length - 1} times`
		);
	});

	it('logs no canary, stored or refused, in any encoding', () => {
		const sightings: Sighting[] = [
			...school.book.scan(output.text, 'server output'),
			...refused.scan(output.text, 'server output')
		];
		const lines = output.text.split('\n');
		const report = sightings.map((s) => {
			const line = lines.find((l) => l.toLowerCase().includes(s.canary.word)) ?? `(${s.encoding})`;
			return `${s.canary.field} [${s.encoding}]: ${line.slice(0, 300)}`;
		});
		expect(report).toEqual([]);
	});
});

/** Every write path again, with new words, into the school's open cycle, its PLC and its people. */
async function writeWhileRefused(
	server: TestServer,
	school: CanarySchool,
	book: CanaryBook,
	attempts: Attempt[]
) {
	const { coach, teacher2, teacher } = school.people;
	const { workspaceId, secondCycleId, secondGoalId, plcId, plcNotesId, protocolId } = school.landmarks;
	const readers = ['coach', 'teacher2'];
	const cycleUrl = `/api/v1/cycles/${secondCycleId}`;

	const api = async (path: string, who: SignedUp, method: string, body: unknown) => {
		const response = await who.client.json(path, { method, body });
		attempts.push({
			path: `${method} ${path}`,
			outcome: response.status < 300 ? 'stored' : `HTTP ${response.status}`
		});
	};
	const form = async (path: string, who: SignedUp, fields: Record<string, string>) => {
		const response = await who.client.postForm(path, fields);
		await response.text();
		// A form action that failed answers 400 (its message) or 500; a success redirects or shows its page.
		const stored = response.status === 303 || response.status === 200;
		attempts.push({ path: `form ${path}`, outcome: stored ? 'stored' : `HTTP ${response.status}` });
	};
	const socket = async (label: string, who: SignedUp, documentId: string, change: (doc: Y.Doc) => void) => {
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: who.client.cookieHeader });
		try {
			await client.authenticated;
			await waitFor(() => client.provider.isSynced, 10_000, 'sync');
			change(client.doc);
			const saved = await client.allSaved(4000).then(
				() => true,
				() => false
			);
			attempts.push({ path: `socket ${label}`, outcome: saved ? 'stored' : 'never acknowledged' });
		} finally {
			client.destroy();
		}
	};
	const word = (field: string) => book.mint(field, readers);

	await form('/cycles?/start', coach, {
		teacherId: teacher2.user.id,
		title: `T ${word('cycle.title.form')}`,
		focus: `F ${word('cycle.focus.form')}`
	});
	await api(`/api/v1/workspaces/${workspaceId}/cycles`, coach, 'POST', {
		teacherId: teacher.user.id,
		title: `T ${word('cycle.title.api')}`,
		focus: `F ${word('cycle.focus.api')}`
	});
	await api(cycleUrl, coach, 'PATCH', { focus: `F ${word('cycle.focus.patch')}` });
	await api(`${cycleUrl}/stage`, coach, 'POST', { stage: 'learn', note: `N ${word('stage.note.api')}` });
	await form(`/cycles/${secondCycleId}?/stage`, teacher2, {
		stage: 'learn',
		note: `N ${word('stage.note.form')}`
	});
	await api(`${cycleUrl}/activities`, coach, 'POST', {
		type: 'check_in',
		startsAt: new Date().toISOString(),
		durationMinutes: 15,
		title: `A ${word('activity.title.api')}`,
		location: `L ${word('activity.location.api')}`
	});
	await form(`/cycles/${secondCycleId}?/schedule`, coach, {
		type: 'co_planning',
		title: `A ${word('activity.title.form')}`,
		location: `L ${word('activity.location.form')}`,
		date: new Date().toISOString().slice(0, 10),
		time: '10:00',
		durationMinutes: '30'
	});
	const plain = await coach.client.json<{ id: string }>(`${cycleUrl}/activities`, {
		method: 'POST',
		body: { type: 'check_in', startsAt: new Date().toISOString(), durationMinutes: 15 }
	});
	const activityId = plain.body.id;
	await api(`/api/v1/activities/${activityId}`, coach, 'PATCH', {
		title: `A ${word('activity.title.patch')}`
	});
	await api(`${cycleUrl}/documents`, coach, 'POST', {
		kind: 'lesson_plan',
		title: `D ${word('document.title.api')}`
	});
	await form('/documents?/rename', coach, {
		documentId: secondGoalId,
		title: `D ${word('document.title.form')}`
	});
	await api(`/api/v1/documents/${secondGoalId}/comments`, teacher2, 'POST', {
		text: `C ${word('comment.text')}`
	});
	await api(`/api/v1/documents/${secondGoalId}/versions`, teacher2, 'POST', {
		name: `V ${word('version.name')}`
	});
	await api('/api/v1/releases', teacher2, 'POST', {
		documentIds: [secondGoalId],
		recipientId: school.people.admin.user.id,
		note: `R ${word('release.note')}`
	});
	await api('/api/v1/tokens', teacher2, 'POST', { name: `K ${word('token.name')}` });
	await api(`/api/v1/workspaces/${workspaceId}/plcs`, coach, 'POST', {
		name: `P ${word('plc.name')}`,
		description: `P ${word('plc.description')}`,
		memberIds: [coach.user.id, teacher2.user.id]
	});
	await api(`/api/v1/plcs/${plcId}`, coach, 'PATCH', { description: `P ${word('plc.description.patch')}` });
	await api(`/api/v1/plcs/${plcId}/documents`, teacher2, 'POST', {
		kind: 'plc_notes',
		title: `P ${word('plc.document.title')}`
	});
	await socket('goal fields', teacher2, secondGoalId, (doc) => {
		setGoalField(doc, 'statement', `S ${word('goal.statement')}`);
	});
	await socket('body', coach, secondGoalId, (doc) => {
		const body = doc.getXmlFragment('body');
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(`B ${word('goal.body')}`)]);
		body.insert(body.length, [paragraph]);
	});
	await socket('action step', coach, plcNotesId, (doc) => {
		addActionStep(doc, { text: `S ${word('plc.actionStep')}`, ownerId: null, due: null });
	});
	await socket('protocol phase', coach, protocolId, (doc) => {
		addPhase(doc, { name: `P ${word('plc.protocol.phase')}`, minutes: 3 });
	});
	// Closing and feedback last: the cycle stays open for everything above.
	await api(`${cycleUrl}/close`, coach, 'POST', {
		outcome: 'met',
		finalValue: 3,
		finalNote: `F ${word('close.finalNote')}`,
		note: `N ${word('close.note')}`
	});
	// The teacher's feedback needs a closed cycle: closed without notes, then the feedback is refused.
	await coach.client.json(`${cycleUrl}/close`, { method: 'POST', body: { outcome: 'met' } });
	await api(`${cycleUrl}/feedback`, teacher2, 'POST', {
		ratings: { reachedGoal: 4, feltSafe: 5, goodUseOfTime: 4, wouldReturn: 5 },
		comment: `F ${word('feedback.comment')}`
	});
}
