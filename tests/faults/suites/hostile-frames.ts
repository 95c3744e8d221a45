// The hostile-frames fault suite, at the sizes a caller picks: the short version runs in `npm test`
// (tests/integration/fault-frames.test.ts), the long one in `npm run test:faults` (tests/faults/frames.test.ts).
import { it } from 'vitest';
import {
	frameFuzz,
	garbageBeyondTheGuard,
	oversizedFrames,
	preAuthFloods,
	preAuthMemory,
	silentSockets,
	workBoundedFrames
} from '../scenarios/hostile-frames.ts';
import { runFault } from '../support/report.ts';
import { describeFault } from '../support/suite.ts';

export interface HostileFrameSizes {
	fuzz: { frames: number; sockets: number };
	preAuth: { unauthenticatedSockets: number; silentSockets: number };
	/** Hostile sockets that never authenticate, for the memory and latency figure. */
	preAuthMemory: { sockets: number };
	/** Sockets that never send a frame, waited out until the pre-auth clock closes them. */
	silent: { sockets: number; deadlineMs: number };
}

export function describeHostileFrames(length: 'short' | 'long', sizes: HostileFrameSizes): void {
	// Hostile sockets come from many addresses, as through a proxy that names each client.
	describeFault(
		`fault: hostile frames, ${length}`,
		'Hardened School',
		{ TRUST_PROXY: 'loopback' },
		(target) => {
			it('disconnects senders of fuzzed frames; the canary keeps editing and its edits are stored', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/fuzz', seed, () => frameFuzz(server, owner, sizes.fuzz, seed));
			});

			it('disconnects a sender of garbage that passes the guard but Hocuspocus cannot read', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/beyond-guard', seed, () => garbageBeyondTheGuard(server, owner, seed));
			});

			it('acknowledges a frame at 2 MiB, closes one past it with 1009, refuses garbage at the limit', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/oversize', seed, () => oversizedFrames(server, owner, seed));
			});

			it('bounds the work one frame causes: past the struct budget it closes with 4414; another document keeps editing', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/work-bound', seed, () => workBoundedFrames(server, owner, seed));
			});

			it('closes sockets that flood before authenticating, and sockets without a session', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/pre-auth', seed, () => preAuthFloods(server, owner, sizes.preAuth, seed));
			});

			it('holds little for thousands of hostile unauthenticated sockets; another document keeps typing fast', async () => {
				const { server, owner, seed } = target();
				await runFault('frames/pre-auth-memory', seed, () =>
					preAuthMemory(server, owner, sizes.preAuthMemory, seed)
				);
			});

			it('closes sockets that never send a frame (the pre-auth clock)', async () => {
				const { server, seed } = target();
				await runFault('frames/silent', seed, () => silentSockets(server, sizes.silent));
			});
		}
	);
}
