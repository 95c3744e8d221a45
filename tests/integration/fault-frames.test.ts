// Fault battery, short: seeded garbage frames, frames at and past 2 MiB, floods before authentication,
// 2,000 hostile unauthenticated sockets (memory and another document's typing) and silent sockets.
// `npm run test:faults` runs the long version (tests/faults/frames.test.ts); both are
// tests/faults/suites/hostile-frames.ts at different sizes.
import { describeHostileFrames } from '../faults/suites/hostile-frames.ts';

describeHostileFrames('short', {
	fuzz: { frames: 600, sockets: 4 },
	preAuth: { unauthenticatedSockets: 100, silentSockets: 50 },
	preAuthMemory: { sockets: 2000 },
	silent: { sockets: 100, deadlineMs: 10_000 }
});
