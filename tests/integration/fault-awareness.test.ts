// Fault battery, short: one client floods awareness at 500 frames/s for 3 s. `npm run test:faults` runs
// the long version (tests/faults/awareness.test.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { awarenessFlood } from '../faults/scenarios/awareness-flood.ts';
import { runFault } from '../faults/support/report.ts';
import { seedFromEnv } from '../faults/support/services.ts';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: awareness flood (%s, short)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Flood School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('forwards at most 20 frames/s per connection and the newest state; other documents keep working', async () => {
		await runFault('awareness', seed, () =>
			awarenessFlood(server, owner, { flooders: 1, framesPerSecond: 500, durationMs: 3000 }, seed)
		);
	});
});
