// Fault battery, long: 100 kill -9 cycles per backend. The short version runs in `npm test` from
// tests/integration/durable-acknowledgement.test.ts (KILL9_CYCLES, 5 by default).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { kill9Cycles } from './scenarios/kill9-cycles.ts';
import { runFault } from './support/report.ts';
import { seedFromEnv } from './support/services.ts';

const seed = seedFromEnv();
const cycles = Number(process.env.KILL9_CYCLES ?? 100);

describe.each(backends)('fault: kill -9 cycles (%s, long)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	let documentId: string;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Kill School' });
		documentId = await createWorkspaceDocument(owner, 'Killed often');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it(`keeps every acknowledged edit across ${cycles} kill -9 cycles`, async () => {
		await runFault('kill9', seed, () => kill9Cycles(server, owner, documentId, { cycles }, seed));
	});
});
