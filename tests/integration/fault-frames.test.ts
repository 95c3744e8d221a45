// Fault battery, short: seeded garbage frames, frames at and past 2 MiB, floods before authentication.
// `npm run test:faults` runs the long version (tests/faults/frames.test.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
	frameFuzz,
	garbageBeyondTheGuard,
	oversizedFrames,
	preAuthFloods
} from '../faults/scenarios/hostile-frames.ts';
import { runFault } from '../faults/support/report.ts';
import { seedFromEnv } from '../faults/support/services.ts';
import { backends } from '../support/backends.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const seed = seedFromEnv();

describe.each(backends)('fault: hostile frames (%s, short)', (backend) => {
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
		await runFault('frames/fuzz', seed, () => frameFuzz(server, owner, { frames: 600, sockets: 4 }, seed));
	});

	it('disconnects a sender of garbage that passes the guard but Hocuspocus cannot read', async () => {
		await runFault('frames/beyond-guard', seed, () => garbageBeyondTheGuard(server, owner, seed));
	});

	it('acknowledges a frame at 2 MiB, closes one past it with 1009, refuses garbage at the limit', async () => {
		await runFault('frames/oversize', seed, () => oversizedFrames(server, owner, seed));
	});

	it('closes sockets that flood before authenticating, and sockets without a session', async () => {
		await runFault('frames/pre-auth', seed, () =>
			preAuthFloods(server, owner, { unauthenticatedSockets: 100, silentSockets: 50 }, seed)
		);
	});
});
