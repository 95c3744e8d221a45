// S7 (issue 16 §2): search at a school's size. 10,000 documents across 50 teachers' cycles, one coach
// coaching them all, each document a few hundred words of coaching prose with one rare word of its own.
// The coach (who reads all 10,000) and one teacher (who reads their 200) search over HTTP, one request at
// a time: p50/p95 of GET /api/v1/search, and the size of the search table and its GIN index. Tandem only:
// the reference servers have no search.
import { randomUUID } from 'node:crypto';
import { inviteAndJoin, signUp } from '../../tests/support/http-client.ts';
import { atMost, fmt } from '../report.ts';
import type { Scenario, ServerRun } from '../scenario.ts';
import { histogram, percentiles } from '../support.ts';

const TARGET_P95_MS = 50;
const VOCABULARY = (
	'students explain reasoning questions open closed wait time turn talk discourse pairs evidence claim ' +
	'exit ticket fluency reading conference writing feedback goal target baseline measure engagement sweep ' +
	'routine transition lesson plan model practice independent group small whole class vocabulary strategy ' +
	'observe debrief notice wonder next step teacher coach partner share chart anchor rubric'
).split(' ');

interface S7Run {
	documents: number;
	teachers: number;
	asCoach: ReturnType<typeof percentiles> & { p95: number };
	asTeacher: ReturnType<typeof percentiles> & { p95: number };
	tableBytes: number;
	indexBytes: number;
	seedSeconds: number;
}

function prose(seed: number, words: number): string {
	const out: string[] = [];
	let x = seed;
	for (let i = 0; i < words; i++) {
		x = (x * 1103515245 + 12345) % 2147483648;
		out.push(VOCABULARY[x % VOCABULARY.length] as string);
	}
	return out.join(' ');
}

export const s7Search: Scenario<S7Run> = {
	id: 's7',
	title: 'S7 search over 10,000 documents',
	servers: ['tandem'],
	startOptions: () => ({ database: 'postgres' }),
	async run(server, context) {
		const teachers = context.scale(50, 5);
		const perTeacher = context.scale(200, 20);
		const queries = context.scale(300, 30);
		const databaseUrl = server.env.DATABASE_URL;
		if (!databaseUrl) throw new Error('S7 needs a Postgres server (TEST_DATABASE_URL)');
		const coach = await signUp(server.url, { name: 'Bench Coach', workspace: 'Bench School' });
		const workspaceId = coach.workspaceId as string;
		// The first cycle's teacher signs in like anyone; the other 49 exist only in the database.
		const teacher = await inviteAndJoin(coach, ['teacher'], 'Bench Teacher');
		const started = Date.now();
		const { openDatabase } = await import('../../src/lib/server/db/client.ts');
		const schema = await import('../../src/lib/server/db/schema.ts');
		const database = await openDatabase({ databaseUrl, dataDir: '' });

		let tableBytes: number;
		let indexBytes: number;
		try {
			const db = database.db;
			for (let t = 0; t < teachers; t++) {
				const teacherId = t === 0 ? teacher.user.id : randomUUID();

				if (t > 0) {
					await db.insert(schema.users).values({
						id: teacherId,
						email: `bench-teacher-${t}-${teacherId}@school.example`,
						name: `Teacher ${t + 1}`,
						passwordHash: 'not a password'
					});
					await db
						.insert(schema.memberships)
						.values({ workspaceId, userId: teacherId, roles: ['teacher'], active: true });
				}
				const cycleId = randomUUID();
				await db.insert(schema.coachingCycles).values({
					id: cycleId,
					workspaceId,
					coachId: coach.user.id,
					teacherId,
					title: `Cycle ${t + 1}: ${prose(t, 4)}`,
					focus: prose(t + 7, 12)
				});
				const rows = Array.from({ length: perTeacher }, (_, i) => ({
					id: randomUUID(),
					n: t * perTeacher + i
				}));
				await db.insert(schema.documents).values(
					rows.map((r) => ({
						id: r.id,
						workspaceId,
						cycleId,
						kind: r.n % 5 === 0 ? 'observation' : 'note',
						title: `Notes ${r.n}: ${prose(r.n, 3)}`,
						createdBy: coach.user.id,
						updatedBy: coach.user.id
					}))
				);
				await db.insert(schema.documentSearch).values(
					rows.map((r) => ({
						documentId: r.id,
						title: `Notes ${r.n}: ${prose(r.n, 3)}`,
						body: `${prose(r.n * 31 + 1, 300)} rare${r.n}word`,
						derivedAt: new Date()
					}))
				);
			}
			const { sql } = await import('drizzle-orm');
			await db.execute(sql`analyze "document_search"`);
			const [sizes] = (await db.execute(
				sql`select pg_total_relation_size('document_search')::bigint as table_bytes,
					pg_relation_size('document_search_vector_idx')::bigint as index_bytes`
			)) as unknown as { table_bytes: string; index_bytes: string }[];
			tableBytes = Number(sizes?.table_bytes ?? 0);
			indexBytes = Number(sizes?.index_bytes ?? 0);
		} finally {
			await database.close();
		}
		const seedSeconds = (Date.now() - started) / 1000;
		context.log(`seeded ${teachers * perTeacher} documents in ${seedSeconds.toFixed(1)} s`);

		const words = (i: number) =>
			i % 3 === 0
				? `rare${(i * 97) % (teachers * perTeacher)}word`
				: i % 3 === 1
					? (VOCABULARY[i % VOCABULARY.length] as string)
					: `"${VOCABULARY[i % VOCABULARY.length]} ${VOCABULARY[(i * 7) % VOCABULARY.length]}"`;
		const measure = async (who: typeof coach, id: string) => {
			const h = histogram();
			for (let i = 0; i < queries + 10; i++) {
				const t0 = process.hrtime.bigint();
				const response = await who.client.request(
					`/api/v1/search?workspaceId=${id}&q=${encodeURIComponent(words(i))}`
				);
				await response.arrayBuffer();
				if (response.status !== 200) throw new Error(`search answered ${response.status}`);
				// The first few warm the server's caches and the plan.
				if (i >= 10) h.recordValue(Number(process.hrtime.bigint() - t0) / 1000);
			}
			return { ...percentiles(h), p95: Math.round(h.getValueAtPercentile(95)) / 1000 };
		};
		const asCoach = await measure(coach, workspaceId);
		const asTeacher = await measure(teacher, workspaceId);
		return {
			documents: teachers * perTeacher,
			teachers,
			asCoach,
			asTeacher,
			tableBytes,
			indexBytes,
			seedSeconds
		};
	},
	summarize(runs: ServerRun<S7Run>[]) {
		const run = runs.find((r) => r.kind === 'tandem');
		const r = run?.run;
		const lines = [
			`${r?.documents ?? '?'} documents in ${r?.teachers ?? '?'} teachers' cycles, each ~300 words; queries one at a time ` +
				'over HTTP (a common word, a quoted phrase, a word found in one document), first 10 unmeasured. ' +
				'The machine is shared with other work: figures are an upper bound.',
			'',
			'| Who searches | reads | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |',
			'|---|---|---|---|---|---|',
			`| the coach | ${r?.documents ?? '?'} | ${fmt(r?.asCoach.p50)} | ${fmt(r?.asCoach.p95)} | ${fmt(r?.asCoach.p99)} | ${fmt(r?.asCoach.max)} |`,
			`| a teacher | their own cycle's ${r ? r.documents / r.teachers : '?'} | ${fmt(r?.asTeacher.p50)} | ${fmt(r?.asTeacher.p95)} | ${fmt(r?.asTeacher.p99)} | ${fmt(r?.asTeacher.max)} |`,
			'',
			`document_search: ${r ? (r.tableBytes / 1e6).toFixed(1) : '?'} MB with its indexes and TOAST; the GIN index alone ${r ? (r.indexBytes / 1e6).toFixed(1) : '?'} MB.`
		];
		return {
			markdown: lines.join('\n'),
			targets: [
				atMost(
					`S7 p95 search as the coach (10,000 readable) ≤ ${TARGET_P95_MS} ms`,
					r?.asCoach.p95,
					TARGET_P95_MS,
					`${fmt(r?.asCoach.p95)} ms`,
					[run]
				)
			]
		};
	}
};
