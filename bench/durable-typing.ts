// Issue 3 figures: edit propagation between two clients with durable acknowledgement on, and how many
// acknowledged updates per second the durable path sustains with 20 clients typing.
// Runs the real built server as a child process on PGlite (or DATABASE_URL when set). `npm run bench`.
import { connectClient, waitFor, type CollabClient } from '../tests/support/collab-client.ts';
import { createWorkspaceDocument } from '../tests/support/fixtures.ts';
import { signUp } from '../tests/support/http-client.ts';
import { startTestServer } from '../tests/support/server.ts';
import { histogram, machine, percentiles, writeReport } from './support.ts';

const PROPAGATION_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const TYPISTS = 20;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function connected(wsUrl: string, documentId: string, cookie: string): Promise<CollabClient> {
	const client = connectClient({ wsUrl, documentId, cookie });
	await client.authenticated;
	await waitFor(() => client.provider.isSynced, 10_000, 'sync');
	return client;
}

const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
if (backend === 'postgres') process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL;
const server = await startTestServer(backend);
try {
	const owner = await signUp(server.url, { workspace: 'Bench School' });
	const cookie = owner.client.cookieHeader;

	// 1. Propagation: A types one character at 20 Hz; time until B has it, and until A hears "saved".
	const documentId = await createWorkspaceDocument(owner, 'Propagation');
	const a = await connected(server.wsUrl, documentId, cookie);
	const b = await connected(server.wsUrl, documentId, cookie);
	const propagation = histogram();
	const acknowledgement = histogram();
	for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
		const started = process.hrtime.bigint();
		const seen = new Promise<void>((resolve) => {
			const onUpdate = () => {
				b.doc.off('update', onUpdate);
				propagation.recordValue(Number((process.hrtime.bigint() - started) / 1000n));
				resolve();
			};
			b.doc.on('update', onUpdate);
		});
		a.doc.getText('probe').insert(i, 'x');
		await Promise.all([seen, a.allSaved()]);
		acknowledgement.recordValue(Number((process.hrtime.bigint() - started) / 1000n));
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	a.destroy();
	b.destroy();

	// 2. Throughput: 20 typists, each sending its next keystroke as soon as the previous one is saved.
	const typists = await Promise.all(
		Array.from({ length: TYPISTS }, async (_, i) =>
			connected(server.wsUrl, await createWorkspaceDocument(owner, `Typist ${i}`), cookie)
		)
	);
	let acknowledged = 0;
	const deadline = Date.now() + THROUGHPUT_SECONDS * 1000;
	const startedAt = Date.now();
	await Promise.all(
		typists.map(async (client) => {
			while (Date.now() < deadline) {
				const text = client.doc.getText('probe');
				text.insert(text.length, 'k');
				await client.allSaved();
				acknowledged++;
			}
		})
	);
	const elapsed = (Date.now() - startedAt) / 1000;
	for (const t of typists) t.destroy();

	const results = {
		backend,
		propagation: percentiles(propagation),
		acknowledgement: percentiles(acknowledgement),
		throughput: {
			typists: TYPISTS,
			seconds: elapsed,
			acknowledgedUpdates: acknowledged,
			perSecond: Math.round(acknowledged / elapsed)
		}
	};
	const m = machine();
	const summary = [
		`# Durable typing benchmark (${new Date().toISOString().slice(0, 10)}, ${backend})`,
		'',
		`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GiB, Node ${m.node}.`,
		'',
		'| measure | p50 ms | p90 ms | p99 ms | max ms | samples |',
		'|---|---:|---:|---:|---:|---:|',
		`| keystroke → peer applied | ${results.propagation.p50} | ${results.propagation.p90} | ${results.propagation.p99} | ${results.propagation.max} | ${results.propagation.count} |`,
		`| keystroke → sender "saved" (committed) | ${results.acknowledgement.p50} | ${results.acknowledgement.p90} | ${results.acknowledgement.p99} | ${results.acknowledgement.max} | ${results.acknowledgement.count} |`,
		'',
		`Durable path: ${results.throughput.perSecond} acknowledged updates/s with ${TYPISTS} clients typing in a closed loop for ${elapsed.toFixed(1)} s.`,
		''
	].join('\n');
	console.log(summary);
	console.log(`report: ${writeReport(`durable-typing-${backend}`, results, summary)}`);
} finally {
	await server.dispose();
}
