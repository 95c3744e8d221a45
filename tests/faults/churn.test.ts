// Fault battery, long: 10,000 connect/disconnect cycles (hocuspocus#1156). The short version is
// tests/integration/fault-churn.test.ts.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectionChurn } from './scenarios/connection-churn.ts';
import { runFault } from './support/report.ts';
import { seedFromEnv } from './support/services.ts';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: connection churn (%s, long)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Churn School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('leaves no document, connection or timer behind', async () => {
		await runFault('churn', seed, () =>
			connectionChurn(server, owner, { cycles: 10_000, concurrency: 16, documents: 200 }, seed)
		);
	});
});
