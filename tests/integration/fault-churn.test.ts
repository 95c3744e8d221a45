// Fault battery, short: 500 connect/disconnect cycles, many leaving mid-authentication or mid-load.
// `npm run test:faults` runs 10,000 (tests/faults/churn.test.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectionChurn } from '../faults/scenarios/connection-churn.ts';
import { runFault } from '../faults/support/report.ts';
import { seedFromEnv } from '../faults/support/services.ts';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: connection churn (%s, short)', (backend) => {
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
			connectionChurn(server, owner, { cycles: 500, concurrency: 8, documents: 20 }, seed)
		);
	});
});
