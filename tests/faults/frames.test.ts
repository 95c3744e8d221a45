// Fault battery, long: 10,000 fuzzed frames, the 2 MiB limit, floods before authentication, 2,000 hostile
// unauthenticated sockets and 1,000 silent ones. Short: tests/integration/fault-frames.test.ts;
// both are tests/faults/suites/hostile-frames.ts.
import { describeHostileFrames } from './suites/hostile-frames.ts';

describeHostileFrames('long', {
	fuzz: { frames: 10_000, sockets: 10 },
	preAuth: { unauthenticatedSockets: 1000, silentSockets: 200 },
	preAuthMemory: { sockets: 2000 },
	silent: { sockets: 1000, deadlineMs: 10_000 }
});
