// Fault battery, long: 10,000 fuzzed frames, the 2 MiB limit, and floods before authentication, with the
// silent sockets waited out until Hocuspocus's timeout closes them. Short: tests/integration/fault-frames.test.ts.
import { it } from 'vitest';
import {
	frameFuzz,
	garbageBeyondTheGuard,
	oversizedFrames,
	preAuthFloods,
	silentSockets
} from './scenarios/hostile-frames.ts';
import { runFault } from './support/report.ts';
import { describeFault } from './support/suite.ts';

describeFault('fault: hostile frames, long', 'Hardened School', (target) => {
	it('disconnects senders of fuzzed frames; the canary keeps editing and its edits are stored', async () => {
		const { server, owner, seed } = target();
		await runFault('frames/fuzz', seed, () =>
			frameFuzz(server, owner, { frames: 10_000, sockets: 10 }, seed)
		);
	});

	it('disconnects a sender of garbage that passes the guard but Hocuspocus cannot read', async () => {
		const { server, owner, seed } = target();
		await runFault('frames/beyond-guard', seed, () => garbageBeyondTheGuard(server, owner, seed));
	});

	it('acknowledges a frame at 2 MiB, closes one past it with 1009, refuses garbage at the limit', async () => {
		const { server, owner, seed } = target();
		await runFault('frames/oversize', seed, () => oversizedFrames(server, owner, seed));
	});

	it('closes sockets that flood before authenticating, and sockets without a session', async () => {
		const { server, owner, seed } = target();
		await runFault('frames/pre-auth', seed, () =>
			preAuthFloods(server, owner, { unauthenticatedSockets: 1000, silentSockets: 200 }, seed)
		);
	});

	it('closes sockets that never send a frame (Hocuspocus timeout)', async () => {
		const { server, seed } = target();
		await runFault('frames/silent', seed, () => silentSockets(server, { sockets: 200, deadlineMs: 130_000 }));
	});
});
