// Starts one server under test by kind and hands back the same handle for all of them (bench/scenario.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { freshDatabase, type DatabaseEnv } from '../../tests/support/backends.ts';
import { createWorkspaceDocument } from '../../tests/support/fixtures.ts';
import { signUp, type SignedUp } from '../../tests/support/http-client.ts';
import { freePort, serverEnv } from '../../tests/support/server.ts';
import { ensureBuild } from '../../server/build.ts';
import type { BenchServer, JoinInfo, ServerKind, StartOptions } from '../scenario.ts';
import { procCpuSeconds, startServerProcess, type ServerProcess } from './process.ts';

const scripts: Record<Exclude<ServerKind, 'tandem'>, string> = {
	hocuspocus: 'bench/servers/hocuspocus-server.ts',
	'y-websocket': 'bench/servers/y-websocket-server.ts',
	relay: 'bench/servers/relay-server.ts'
};

/** Documents created through Tandem's API at once: enough to keep the server busy, not a flood. */
const CREATE_CONCURRENCY = 16;
/**
 * Beyond this many, documents are written straight into Tandem's database, as createDocument writes them,
 * rather than over HTTP: the API manages ~200 a second on one core and S3 needs thousands. Sockets still
 * join through the session cookie and can().
 */
const API_DOCUMENTS_MAX = 100;

export async function startBenchServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
	return kind === 'tandem' ? startTandem(options) : startReference(kind, options);
}

/** Tandem's database: a Postgres server when one is configured, else the embedded PGlite. */
export function defaultTandemDatabase(): 'postgres' | 'pglite' {
	return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

async function startTandem(options: StartOptions): Promise<BenchServer> {
	ensureBuild();
	const database = await freshDatabase(options.database ?? defaultTandemDatabase());
	const port = await freePort();
	const env = serverEnv(database, port, options.env);
	const server = await startOrDrop(database, () =>
		startServerProcess({
			script: 'server/start.ts',
			env,
			readyText: 'Tandem is listening on',
			cpu: options.cpu
		})
	);
	const url = `http://127.0.0.1:${port}`;
	let owner: Promise<SignedUp> | undefined;

	return handle('tandem', server, database, env, url, async (count, label = 'Bench') => {
		// One owner for every document: each socket still goes through the session cookie and can().
		owner ??= signUp(url, { name: 'Bench Coach', workspace: 'Bench School' });
		const signedUp = await owner;
		const headers = { cookie: signedUp.client.cookieHeader, origin: url };
		const ids =
			count > API_DOCUMENTS_MAX && database.env.DATABASE_URL
				? await createDirectly(database.env.DATABASE_URL, signedUp, count, label)
				: await inBatches(count, CREATE_CONCURRENCY, (i) =>
						createWorkspaceDocument(signedUp, `${label} ${i + 1}`)
					);
		return ids.map((id) => ({
			protocol: 'hocuspocus',
			url: `ws://127.0.0.1:${port}/collab`,
			serverUrl: `ws://127.0.0.1:${port}/collab`,
			documentName: id,
			headers
		}));
	});
}

/**
 * Thousands of documents, as createDocument makes them: the first through it, the rest as copies of its rows
 * (same kind, same seeded snapshot) inserted 500 at a time. Only for a Postgres server: PGlite is locked to
 * the server process.
 */
async function createDirectly(
	databaseUrl: string,
	owner: SignedUp,
	count: number,
	label: string
): Promise<string[]> {
	const { eq } = await import('drizzle-orm');
	const { openDatabase } = await import('../../src/lib/server/db/client.ts');
	const { documents, documentSnapshots } = await import('../../src/lib/server/db/schema.ts');
	const { createDocument } = await import('../../src/lib/server/documents/documents.ts');
	const database = await openDatabase({ databaseUrl, dataDir: '' });
	try {
		const db = database.db;
		const first = await createDocument(db, {
			workspaceId: owner.workspaceId!,
			kind: 'note',
			title: `${label} 1`,
			createdBy: owner.user.id
		});
		const [snapshot] = await db
			.select()
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, first.id));
		if (!snapshot) throw new Error('createDocument wrote no snapshot');
		const ids = [first.id];
		for (let start = 1; start < count; start += 500) {
			const batch = Array.from({ length: Math.min(500, count - start) }, () => randomUUID());
			await db.transaction(async (tx) => {
				await tx.insert(documents).values(
					batch.map((id, i) => ({
						...first,
						id,
						title: `${label} ${start + i + 1}`,
						createdAt: undefined,
						updatedAt: undefined
					}))
				);
				await tx
					.insert(documentSnapshots)
					.values(batch.map((documentId) => ({ ...snapshot, documentId, updatedAt: undefined })));
			});
			ids.push(...batch);
		}
		return ids;
	} finally {
		await database.close();
	}
}

async function startReference(
	kind: Exclude<ServerKind, 'tandem'>,
	options: StartOptions
): Promise<BenchServer> {
	// Stock Hocuspocus stores into a database of its own on the same Postgres server as Tandem.
	const database: DatabaseEnv =
		kind === 'hocuspocus' ? await freshDatabase('postgres') : { env: {}, drop: async () => {} };
	const port = await freePort();
	const env = { ...database.env, PORT: String(port), ...options.env };
	const server = await startOrDrop(database, () =>
		startServerProcess({ script: scripts[kind], env, readyText: 'BENCH_READY', cpu: options.cpu })
	);
	const url = `http://127.0.0.1:${port}`;
	const serverUrl = `ws://127.0.0.1:${port}`;
	const run = randomBytes(4).toString('hex');
	let created = 0;

	return handle(kind, server, database, env, url, (count, label = 'bench') => {
		const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
		// Nothing to create: the servers make a document when its first client joins.
		const joins = Array.from({ length: count }, (): JoinInfo => {
			const documentName = `${slug}-${run}-${created++}`;
			return kind === 'hocuspocus'
				? { protocol: 'hocuspocus', url: serverUrl, serverUrl, documentName, headers: {} }
				: {
						protocol: 'y-websocket',
						url: `${serverUrl}/${documentName}`,
						serverUrl,
						documentName,
						headers: {}
					};
		});
		return Promise.resolve(joins);
	});
}

function handle(
	kind: ServerKind,
	server: ServerProcess,
	database: DatabaseEnv,
	env: Record<string, string>,
	url: string,
	prepareDocuments: BenchServer['prepareDocuments']
): BenchServer {
	return {
		kind,
		prepareDocuments,
		get pid() {
			return server.pid;
		},
		url,
		env,
		cpuSeconds: () => server.cpuSeconds(),
		...(env.DATABASE_URL ? { databaseCpuSeconds: () => databaseCpuSeconds(env.DATABASE_URL!) } : {}),
		memory: () => server.memory(),
		eventLoopLag: (options) => server.eventLoopLag(options),
		kill9: () => server.kill9(),
		restart: () => server.restart(),
		async stop() {
			await server.terminate();
			await database.drop();
		}
	};
}

/**
 * utime + stime of the backends connected to one database (pg_stat_activity), read from /proc: Postgres runs
 * on this machine. Shared background work (WAL writer, checkpointer) is not attributed to anyone.
 */
async function databaseCpuSeconds(databaseUrl: string): Promise<number> {
	const name = new URL(databaseUrl).pathname.slice(1);
	const admin = new URL(databaseUrl);
	admin.pathname = '/postgres';
	const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
	try {
		const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`;
		return rows.reduce((sum, row) => sum + procCpuSeconds(row.pid), 0);
	} finally {
		await sql.end();
	}
}

async function startOrDrop<T>(database: DatabaseEnv, start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		await database.drop();
		throw error;
	}
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; results in index order. */
export async function inBatches<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}
