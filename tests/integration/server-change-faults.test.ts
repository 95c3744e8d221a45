// A change the server makes (here a comment through the API) while the update log refuses inserts: the
// process keeps running, the caller gets 503 in the API's error shape, what was acknowledged before is
// still stored, and the comment's text never reaches the server's log (issue 15's reproduction).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readComments } from '../../src/lib/domain/comments.ts';
import { readStoredDocument } from '../faults/support/tandem.ts';
import { backends } from '../support/backends.ts';
import { inspectDatabase } from '../support/database-inspector.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MARKER = 'refused-by-the-trigger';

/** On PGlite the trigger is installed while the server is stopped, so it refuses only updates with the marker. */
const markerTrigger = `
	create or replace function tandem_test_refuse_update() returns trigger language plpgsql as $$
	begin
		if position(convert_to('${MARKER}', 'UTF8') in new.update) > 0 then
			raise exception 'the disk is full (a test trigger)';
		end if;
		return new;
	end $$;
	--
	create trigger tandem_test_refuse before insert on document_updates
		for each row execute function tandem_test_refuse_update();`;

/** On Postgres it is installed while the server runs, and refuses every insert: the reproduction. */
const everyInsertTrigger = `
	create or replace function tandem_test_refuse_update() returns trigger language plpgsql as $$
	begin
		raise exception 'the disk is full (a test trigger)';
	end $$;
	--
	create trigger tandem_test_refuse before insert on document_updates
		for each row execute function tandem_test_refuse_update();`;

/** One statement at a time: PGlite's extended protocol takes no multi-statement queries. */
async function run(server: TestServer, script: string): Promise<void> {
	const inspector = await inspectDatabase(server);
	try {
		for (const statement of script.split('\n\t--\n')) await inspector.query(statement);
	} finally {
		await inspector.close();
	}
}

function captureOutput(child: ChildProcess): () => string {
	let output = '';
	const collect = (chunk: Buffer) => (output += chunk.toString());
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	return () => output;
}

describe.each(backends)('a server-side change while the update log refuses inserts (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let output: () => string;

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		if (backend === 'pglite') {
			await run(server, markerTrigger);
			await server.restart();
		}
		output = captureOutput(server.process());
	}, 120_000);

	afterAll(async () => {
		await server?.dispose();
	});

	const comment = (text: string) =>
		setup.teacher.client.json<{ id?: string; error?: { code: string; message: string } }>(
			`/api/v1/documents/${setup.goalId}/comments`,
			{ method: 'POST', body: { text } }
		);

	it('answers 503, keeps the process and the acknowledged comment, and logs no content', async () => {
		const pid = server.process().pid;
		const first = await comment('The first comment, saved before the fault');
		expect(first.status).toBe(201);

		if (backend === 'postgres') {
			await run(server, everyInsertTrigger);
		}
		const refused = await comment(`A second comment ${MARKER}`);
		expect(refused.status).toBe(503);
		expect(refused.body.error?.code).toBe('unavailable');
		expect(refused.body.error?.message).not.toContain(MARKER);

		// Still the same process, still answering.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(server.process().exitCode).toBeNull();
		expect(server.process().pid).toBe(pid);
		const listed = await setup.teacher.client.json<{ comments: { text: string }[] }>(
			`/api/v1/documents/${setup.goalId}/comments`
		);
		expect(listed.status).toBe(200);
		expect(listed.body.comments.map((c) => c.text)).toContain('The first comment, saved before the fault');

		const log = output();
		expect(log).not.toContain(MARKER);
		expect(log).not.toContain('The first comment');
		expect(log).not.toContain('Uncaught');

		// Nothing acknowledged is lost: the first comment is stored (read after a clean stop).
		const code = await server.terminate();
		expect(code).toBe(0);
		if (backend === 'postgres') {
			await run(server, 'drop trigger tandem_test_refuse on document_updates');
		}
		const stored = await readStoredDocument(
			{ databaseUrl: server.env.DATABASE_URL, dataDir: server.env.DATA_DIR },
			setup.goalId
		);
		expect(readComments(stored.doc).map((c) => c.text)).toContain(
			'The first comment, saved before the fault'
		);
		stored.doc.destroy();
		await server.restart();
	}, 60_000);
});
