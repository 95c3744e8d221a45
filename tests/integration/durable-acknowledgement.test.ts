// "Saved" means in Postgres (docs/design.md §5): kill -9 the server right after an acknowledgement, then read
// the database directly. Every acknowledged edit must be there.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from '../../src/lib/server/documents/compactor.ts';
import { DocumentStateStore } from '../../src/lib/server/documents/state-store.ts';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { kill9Cycles } from '../faults/scenarios/kill9-cycles.ts';
import { runFault } from '../faults/support/report.ts';
import { seedFromEnv } from '../faults/support/services.ts';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const CYCLES = Number(process.env.KILL9_CYCLES ?? 5);

async function readStoredText(server: TestServer, documentId: string): Promise<string> {
	const database = await openDatabase({
		databaseUrl: server.env.DATABASE_URL,
		dataDir: server.env.DATA_DIR ?? ''
	});
	const compactor = new Compactor();
	try {
		const stored = await new DocumentStateStore(database.db, compactor).load(documentId);
		const doc = new Y.Doc();
		for (const update of stored.updates) Y.applyUpdate(doc, update);
		return doc.getText('probe').toString();
	} finally {
		await compactor.close();
		await database.close();
	}
}

describe.each(backends)('durable acknowledgement (%s)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	let documentId: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Durable School' });
		const created = await owner.client.json<{ id: string }>(
			`/api/v1/workspaces/${owner.workspaceId}/documents`,
			{
				method: 'POST',
				body: { kind: 'note', title: 'Live notes' }
			}
		);
		documentId = created.body.id;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it(
		`keeps every acknowledged edit across ${CYCLES} kill -9 cycles`,
		async () => {
			// The fault battery's kill -9 cycles, short; `npm run test:faults` runs 100 (tests/faults/kill9.test.ts).
			const seed = seedFromEnv();
			await runFault('kill9', seed, () => kill9Cycles(server, owner, documentId, { cycles: CYCLES }, seed));
		},
		// Each cycle kills and restarts the server: a few seconds each.
		30_000 + CYCLES * 6_000
	);

	it('serves the content intact after a restart, and unloads the document when everyone leaves', async () => {
		const writer = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		await writer.authenticated;
		await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
		writer.doc.getText('probe').insert(0, '[before-restart]');
		await writer.allSaved();
		writer.destroy();

		expect(await server.terminate()).toBe(0);
		await server.restart();

		const reader = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		await reader.authenticated;
		await waitFor(() => reader.provider.isSynced, 10_000, 'sync after restart');
		expect(reader.doc.getText('probe').toString()).toContain('[before-restart]');
		reader.destroy();

		const deadline = Date.now() + 10_000;
		let loaded = -1;
		while (Date.now() < deadline) {
			const metrics = await (await fetch(`${server.url}/metrics`)).text();
			loaded = Number(/^tandem_documents_loaded (\d+)$/m.exec(metrics)?.[1] ?? -1);
			if (loaded === 0) break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(loaded).toBe(0);
	});
});

describe.each(backends)('kill -9 of the server and every client together (%s)', (backend) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer(backend);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('loses no edit a client saw acknowledged', async () => {
		const owner = await signUp(server.url, { workspace: 'Crash School' });
		const created = await owner.client.json<{ id: string }>(
			`/api/v1/workspaces/${owner.workspaceId}/documents`,
			{
				method: 'POST',
				body: { kind: 'note', title: 'Crash' }
			}
		);
		const documentId = created.body.id;
		const acknowledged = new Set<string>();
		const clients = ['a', 'b', 'c'].map((name) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/typing-client.ts'], {
				env: {
					...process.env,
					WS_URL: server.wsUrl,
					DOCUMENT_ID: documentId,
					COOKIE: owner.client.cookieHeader,
					CLIENT_NAME: name
				},
				stdio: ['ignore', 'pipe', 'inherit']
			});
			let buffer = '';
			child.stdout.on('data', (chunk: Buffer) => {
				buffer += chunk.toString();
				const lines = buffer.split('\n');
				buffer = lines.pop() ?? '';
				for (const line of lines) if (line.startsWith('ACK ')) acknowledged.add(line.slice(4));
			});
			return child;
		});
		await waitFor(() => acknowledged.size >= 150, 30_000, '150 acknowledged edits');

		// Everyone dies at once: no client can resend anything after this.
		const exits = clients.map((c) => new Promise((resolve) => c.once('exit', resolve)));
		for (const c of clients) c.kill('SIGKILL');
		await Promise.all([server.kill9(), ...exits]);

		const stored = await readStoredText(server, documentId);
		const missing = [...acknowledged].filter((token) => !stored.includes(token));
		console.log(`kill -9 all: ${acknowledged.size} acknowledged, ${missing.length} missing`);
		expect(missing).toEqual([]);
		await server.restart();
	});
});
