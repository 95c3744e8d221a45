// A refused look at an existing cycle document must be indistinguishable from a look at a missing one:
// the same bytes, and no ledger write on its response path (held off below with the ledger table locked).
// The access ledger still gets its row, written after the answer (src/lib/server/ledger/ledger-queue.ts),
// and a normal shutdown does not lose it. Response times are compared in the bench (S6, the refused look), not here: a
// timed assertion fails on a busy machine whatever the code does.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { backends } from '../support/backends.ts';
import { inspectDatabase } from '../support/database-inspector.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface LedgerEntry {
	actorId: string | null;
	action: string;
	channel: string;
	decision: string;
}

/** Status, body and every header but the per-request ones. */
async function answer(client: HttpClient, path: string) {
	const response = await client.request(path, { headers: { accept: 'application/json' } });
	const headers = [...response.headers].filter(([name]) => !['x-request-id', 'date'].includes(name));
	return { status: response.status, headers, body: await response.text() };
}

describe.each(backends)('the ledger is written after the answer (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const deniedRows = async () =>
		(await setup.teacher.client.json<LedgerEntry[]>(`/api/v1/documents/${setup.goalId}/ledger`)).body.filter(
			(entry) => entry.actorId === setup.otherTeacher.user.id && entry.decision === 'denied'
		);

	it('answers a refused and a missing document with the same bytes, and the refusal is in the ledger', async () => {
		const refused = await answer(setup.otherTeacher.client, `/api/v1/documents/${setup.goalId}`);
		const missing = await answer(setup.otherTeacher.client, `/api/v1/documents/${randomUUID()}`);
		expect(refused.status).toBe(404);
		expect(refused).toEqual(missing);
		expect(await deniedRows()).toEqual([
			expect.objectContaining({ action: 'read', channel: 'api', decision: 'denied' })
		]);
	});

	it('keeps a refusal answered just before a normal shutdown', async () => {
		const { otherTeacher, goalId } = setup;
		// Another channel than the tests above, so the ledger's one-minute repeat window does not fold it in.
		const response = await otherTeacher.client.request(`/api/v1/documents/${goalId}/export?format=md`);
		expect(response.status).toBe(404);
		expect(await server.terminate()).toBe(0);
		const inspector = await inspectDatabase(server);
		try {
			const rows = await inspector.query<{ channel: string; decision: string }>(
				`select channel, decision from audit_log where document_id = $1 and actor_id = $2 and channel = 'export'`,
				[goalId, otherTeacher.user.id]
			);
			expect(rows).toEqual([{ channel: 'export', decision: 'denied' }]);
		} finally {
			await inspector.close();
		}
		await server.restart();
	});
});

// Only a Postgres server can be held from outside: with the ledger table locked, the refusal is answered at
// once anyway, and its row lands when the lock goes.
describe.each(backends.filter((backend) => backend === 'postgres'))('a locked ledger (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('does not hold the answer while the ledger cannot be written', async () => {
		const sql = postgres(server.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
		try {
			let release!: () => void;
			const released = new Promise<void>((resolve) => (release = resolve));
			let locked!: () => void;
			const isLocked = new Promise<void>((resolve) => (locked = resolve));
			const holding = sql.begin(async (tx) => {
				await tx`lock table audit_log in exclusive mode`;
				locked();
				await released;
			});
			await isLocked;
			const started = Date.now();
			const refused = await setup.otherTeacher.client.request(`/api/v1/documents/${setup.goalId}`);
			expect(refused.status).toBe(404);
			expect(Date.now() - started).toBeLessThan(1000);
			release();
			await holding;
			const entries = await setup.teacher.client.json<LedgerEntry[]>(
				`/api/v1/documents/${setup.goalId}/ledger`
			);
			expect(entries.body.filter((e) => e.actorId === setup.otherTeacher.user.id)).toEqual([
				expect.objectContaining({ decision: 'denied', channel: 'api' })
			]);
		} finally {
			await sql.end();
		}
	});
});
