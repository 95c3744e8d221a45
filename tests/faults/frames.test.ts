// Fault battery, long: 10,000 fuzzed frames, the 2 MiB limit, and floods before authentication, with the
// silent sockets waited out until Hocuspocus's timeout closes them. Short: tests/integration/fault-frames.test.ts.
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
	frameFuzz,
	garbageBeyondTheGuard,
	oversizedFrames,
	preAuthFloods,
	silentSockets
} from './scenarios/hostile-frames.ts';
import { runFault } from './support/report.ts';
import { seedFromEnv } from './support/services.ts';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: hostile frames (%s, long)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Hardened School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('disconnects senders of fuzzed frames; the canary keeps editing and its edits are stored', async () => {
		await runFault('frames/fuzz', seed, () =>
			frameFuzz(server, owner, { frames: 10_000, sockets: 10 }, seed)
		);
	});

	it('disconnects a sender of garbage that passes the guard but Hocuspocus cannot read', async () => {
		await runFault('frames/beyond-guard', seed, () => garbageBeyondTheGuard(server, owner, seed));
	});

	it('acknowledges a frame at 2 MiB, closes one past it with 1009, refuses garbage at the limit', async () => {
		await runFault('frames/oversize', seed, () => oversizedFrames(server, owner, seed));
	});

	it('closes sockets that flood before authenticating, and sockets without a session', async () => {
		await runFault('frames/pre-auth', seed, () =>
			preAuthFloods(server, owner, { unauthenticatedSockets: 1000, silentSockets: 200 }, seed)
		);
	});

	it('closes sockets that never send a frame (Hocuspocus timeout)', async () => {
		await runFault('frames/silent', seed, () => silentSockets(server, { sockets: 200, deadlineMs: 130_000 }));
	});
});
