// Fault battery, long: five clients flood awareness at 500 frames/s each for 30 s on one document. The
// short version is tests/integration/fault-awareness.test.ts.
import { it } from 'vitest';
import { awarenessFlood } from './scenarios/awareness-flood.ts';
import { runFault } from './support/report.ts';
import { describeFault } from './support/suite.ts';

describeFault('fault: awareness flood, long', 'Flood School', (target) => {
	it('forwards at most 20 frames/s per connection and the newest state; other documents keep working', async () => {
		const { server, owner, seed } = target();
		await runFault('awareness', seed, () =>
			awarenessFlood(server, owner, { flooders: 5, framesPerSecond: 500, durationMs: 30_000 }, seed)
		);
	});
});
