// Fault battery, short: one client floods awareness at 500 frames/s for 3 s. `npm run test:faults` runs
// the long version (tests/faults/awareness.test.ts).
import { it } from 'vitest';
import { awarenessFlood } from '../faults/scenarios/awareness-flood.ts';
import { runFault } from '../faults/support/report.ts';
import { describeFault } from '../faults/support/suite.ts';

describeFault('fault: awareness flood, short', 'Flood School', (target) => {
	it('forwards at most 20 frames/s per connection and the newest state; other documents keep working', async () => {
		const { server, owner, seed } = target();
		await runFault('awareness', seed, () =>
			awarenessFlood(server, owner, { flooders: 1, framesPerSecond: 500, durationMs: 3000 }, seed)
		);
	});
});
