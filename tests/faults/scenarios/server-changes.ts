// Server-side changes (control.change) under database faults: every call site — a comment, a version
// restore, a tool sent to the goal, the group debrief's link, the final measurement of a closed cycle —
// while the document statements are cut (an outage after the request was authenticated), while commits
// are slow, and while a trigger refuses every insert into the update log. What must hold: the process
// survives (same PID), the caller gets a 2xx once the change is committed or a 503 in the API's error
// shape, everything answered 2xx is stored, and no content reaches the server's log.
import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import type * as Y from 'yjs';
import { readComments } from '../../../src/lib/domain/comments.ts';
import { readGoal } from '../../../src/lib/domain/goal-document.ts';
import { observationSource } from '../../../src/lib/domain/observation-goal.ts';
import { readObservation } from '../../../src/lib/domain/observation/read.ts';
import { addLibraryTool, recordTap } from '../../../src/lib/domain/observation/write.ts';
import { bodyText } from '../../../src/lib/server/documents/content.ts';
import { connectClient, waitFor } from '../../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../../support/fixtures.ts';
import type { StatementRule } from '../support/postgres-fault-proxy.ts';
import { readStoredDocument, type ProxiedServer } from '../support/tandem.ts';

const DOCUMENT_STATEMENTS = /"document_(snapshots|updates)"/;
const LOG_APPEND = /insert into "document_updates"/;

const SLOW_COMMIT_MS = 1200;

type Fault = 'outage' | 'slow' | 'trigger';

interface Answer {
	status: number;
	body: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

/** One call site: it makes its change with a unique marker and says whether a stored document holds it. */
interface CallSite {
	name: string;
	/** The document the change is written to. */
	documentId: string;
	make(marker: string): Promise<Answer>;
	holds(doc: Y.Doc, marker: string, answer: Answer): boolean;
}

export interface ServerChangeFigures {
	callSites: number;
	answered: Record<string, Record<Fault, number[]>>;
	slowestCommittedMs: number;
}

function captureOutput(child: ChildProcess): () => string {
	let output = '';
	const collect = (chunk: Buffer) => (output += chunk.toString());
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	return () => output;
}

/** A cycle with a goal, an observation whose tool has taps, and a lesson plan with a named version. */
async function callSitesOf(target: ProxiedServer, setup: CoachingSetup, round: number): Promise<CallSite[]> {
	const coach = setup.adminCoach.client;
	const cycle = await coach.json<{ id: string; documents: { id: string; kind: string }[] }>(
		`/api/v1/workspaces/${setup.adminCoach.workspaceId}/cycles`,
		{
			method: 'POST',
			body: { teacherId: setup.teacher.user.id, title: `Round ${round}`, focus: 'Questions' }
		}
	);
	expect(cycle.status).toBe(201);
	const goalId = cycle.body.documents.find((d) => d.kind === 'goal')?.id as string;
	const created = async (kind: string, title: string) => {
		const made = await coach.json<{ id: string }>(`/api/v1/cycles/${cycle.body.id}/documents`, {
			method: 'POST',
			body: { kind, title }
		});
		expect(made.status).toBe(201);
		return made.body.id;
	};
	const observationId = await created('observation', 'Observation: questions');
	const planId = await created('lesson_plan', 'Plan: questions');

	// The observation gets a tool with taps, and the plan a named version to restore, through a real client.
	const writer = connectClient({
		wsUrl: target.server.wsUrl,
		documentId: observationId,
		cookie: setup.adminCoach.client.cookieHeader
	});
	await writer.authenticated;
	await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
	const stamp = { at: new Date(), clock: 'server' as const };
	addLibraryTool(writer.doc, 'open-closed', stamp);
	recordTap(writer.doc, { tool: 'open-closed', code: 'open', by: setup.adminCoach.user.id }, stamp);
	await writer.allSaved();
	writer.destroy();
	const version = await coach.json<{ id: string }>(`/api/v1/documents/${planId}/versions`, {
		method: 'POST',
		body: { name: 'As planned' }
	});
	expect(version.status).toBe(201);

	let closed = false;
	return [
		{
			name: 'comment',
			documentId: goalId,
			make: (marker) =>
				setup.teacher.client.json(`/api/v1/documents/${goalId}/comments`, {
					method: 'POST',
					body: { text: marker }
				}),
			holds: (doc, marker) => readComments(doc).some((c) => c.text === marker)
		},
		{
			name: 'version restore',
			documentId: planId,
			make: () =>
				coach.json(`/api/v1/documents/${planId}/versions/${version.body.id}/restore`, { method: 'POST' }),
			// The plan's own template text, as it was in the version.
			holds: (doc) => bodyText(doc).length > 0
		},
		{
			name: 'goal feed',
			documentId: goalId,
			make: () =>
				coach.json(`/api/v1/documents/${observationId}/observation/goal-feed`, {
					method: 'POST',
					body: { toolId: 'open-closed', measure: 'count', code: 'open' }
				}),
			holds: (doc) =>
				readGoal(doc).measurements.some((m) => m.source === observationSource(observationId, 'open-closed'))
		},
		{
			name: 'group debrief link',
			documentId: observationId,
			make: () => coach.json(`/api/v1/documents/${observationId}/observation/debrief`, { method: 'POST' }),
			holds: (doc, _marker, answer) => readObservation(doc).session.debriefId === answer.body.id
		},
		{
			name: 'final measurement',
			documentId: goalId,
			make: async (marker) => {
				// A cycle closes once; later rounds of this call site find it closed (409), which is an answer too.
				const answer = await coach.json<Answer['body']>(`/api/v1/cycles/${cycle.body.id}/close`, {
					method: 'POST',
					body: { outcome: 'met', finalValue: 12, finalNote: marker }
				});
				if (answer.status === 200) closed = true;
				return answer;
			},
			holds: (doc, marker) =>
				closed && readGoal(doc).measurements.some((m) => m.source === 'final' && m.note === marker)
		}
	];
}

async function withFault<T>(target: ProxiedServer, fault: Fault, run: () => Promise<T>): Promise<T> {
	const rules: Record<Exclude<Fault, 'trigger'>, StatementRule[]> = {
		outage: [{ pattern: DOCUMENT_STATEMENTS, action: 'fail' }],
		slow: [{ pattern: LOG_APPEND, action: { delayMs: SLOW_COMMIT_MS } }]
	};
	if (fault === 'trigger') {
		await target.sql.unsafe(`
			create or replace function tandem_fault_refuse() returns trigger language plpgsql as $$
			begin raise exception 'no space left on device (fault battery)'; end $$`);
		await target.sql.unsafe(`create trigger tandem_fault_refuse before insert on document_updates
			for each row execute function tandem_fault_refuse()`);
	} else {
		target.proxy.setRules(rules[fault]);
	}
	try {
		return await run();
	} finally {
		target.proxy.setRules([]);
		if (fault === 'trigger')
			await target.sql.unsafe('drop trigger if exists tandem_fault_refuse on document_updates');
	}
}

export async function serverChangesUnderFaults(
	target: ProxiedServer,
	{ rounds, seed }: { rounds: number; seed: number }
): Promise<ServerChangeFigures> {
	const output = captureOutput(target.server.process());
	const pid = target.server.process().pid;
	const setup = await buildCoachingCycle(target.server.url);
	const answered: ServerChangeFigures['answered'] = {};
	const acknowledged: { site: CallSite; marker: string; answer: Answer }[] = [];
	const markers: string[] = [];
	let slowestCommittedMs = 0;

	for (let round = 0; round < rounds; round++) {
		for (const fault of ['outage', 'slow', 'trigger'] as const) {
			const sites = await callSitesOf(
				target,
				setup,
				round * 3 + ['outage', 'slow', 'trigger'].indexOf(fault)
			);
			await withFault(target, fault, async () => {
				for (const site of sites) {
					const marker = `[server-change ${seed} ${round} ${fault} ${site.name}]`;
					markers.push(marker);
					const startedAt = Date.now();
					const answer = await site.make(marker);
					const statuses = ((answered[site.name] ??= { outage: [], slow: [], trigger: [] })[fault] ??= []);
					statuses.push(answer.status);
					if (answer.status >= 200 && answer.status < 300) {
						acknowledged.push({ site, marker, answer });
						if (fault === 'slow') {
							// Answered only once committed: never before the held-back insert went through.
							const tookMs = Date.now() - startedAt;
							expect(tookMs, `${site.name} waited for its commit`).toBeGreaterThanOrEqual(
								SLOW_COMMIT_MS - 100
							);
							slowestCommittedMs = Math.max(slowestCommittedMs, tookMs);
						}
					} else if (answer.status !== 409) {
						expect(answer.status, `${site.name} under ${fault}: ${JSON.stringify(answer.body)}`).toBe(503);
						expect(answer.body.error?.code).toBe('unavailable');
						expect(answer.body.error?.message).not.toContain(marker);
					}
					expect(
						target.server.process().exitCode,
						`the process survived ${site.name} under ${fault}`
					).toBeNull();
				}
			});
			if (fault === 'slow') {
				// Slow commits only slow the answer down: every change is committed and answered.
				for (const site of sites)
					expect(answered[site.name]?.slow.at(-1), `${site.name} under slow commits`).toBeLessThan(300);
			}
		}
	}
	expect(target.server.process().pid).toBe(pid);
	expect(target.server.process().exitCode).toBeNull();

	// Nothing acknowledged is lost: after a clean stop, every change answered 2xx is in the stored document.
	const code = await target.server.terminate();
	expect(code).toBe(0);
	for (const { site, marker, answer } of acknowledged) {
		const stored = await readStoredDocument({ databaseUrl: target.directUrl }, site.documentId);
		expect(site.holds(stored.doc, marker, answer), `${site.name} (${marker}) is stored`).toBe(true);
		stored.doc.destroy();
	}
	const log = output();
	for (const marker of markers) expect(log, 'no content in the server log').not.toContain(marker);
	expect(log).not.toContain('Uncaught');
	await target.server.restart();
	return { callSites: 5, answered, slowestCommittedMs };
}
