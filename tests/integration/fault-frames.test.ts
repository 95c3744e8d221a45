// Fault battery, short: seeded garbage frames, frames at and past 2 MiB, floods before authentication.
// `npm run test:faults` runs the long version (tests/faults/frames.test.ts).
import { it } from 'vitest';
import {
	frameFuzz,
	garbageBeyondTheGuard,
	oversizedFrames,
	preAuthFloods
} from '../faults/scenarios/hostile-frames.ts';
import { runFault } from '../faults/support/report.ts';
import { describeFault } from '../faults/support/suite.ts';

describeFault('fault: hostile frames, short', 'Hardened School', (target) => {
	it('disconnects senders of fuzzed frames; the canary keeps editing and its edits are stored', async () => {
		const { server, owner, seed } = target();
		await runFault('frames/fuzz', seed, () => frameFuzz(server, owner, { frames: 600, sockets: 4 }, seed));
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
			preAuthFloods(server, owner, { unauthenticatedSockets: 100, silentSockets: 50 }, seed)
		);
	});
});
