// Fault battery, long: five clients flood awareness at 500 frames/s each for 30 s on one document. The
// short version is tests/integration/fault-awareness.test.ts.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { awarenessFlood } from './scenarios/awareness-flood.ts';
import { runFault } from './support/report.ts';
import { seedFromEnv } from './support/services.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: awareness flood (%s, long)', (backend) => {
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
			awarenessFlood(server, owner, { flooders: 5, framesPerSecond: 500, durationMs: 30_000 }, seed)
		);
	});
});
