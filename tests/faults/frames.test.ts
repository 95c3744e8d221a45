// Fault battery, long: 10,000 fuzzed frames, the 2 MiB limit, and floods before authentication, with the
// silent sockets waited out until Hocuspocus's timeout closes them. Short: tests/integration/fault-frames.test.ts;
// both are tests/faults/suites/hostile-frames.ts.
import { describeHostileFrames } from './suites/hostile-frames.ts';

describeHostileFrames('long', {
	fuzz: { frames: 10_000, sockets: 10 },
	preAuth: { unauthenticatedSockets: 1000, silentSockets: 200 },
	silent: { sockets: 200, deadlineMs: 130_000 }
});
