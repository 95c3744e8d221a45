// Fault battery, short: 500 connect/disconnect cycles, many leaving mid-authentication or mid-load.
// `npm run test:faults` runs 10,000 (tests/faults/churn.test.ts).
import { it } from 'vitest';
import { connectionChurn } from '../faults/scenarios/connection-churn.ts';
import { runFault } from '../faults/support/report.ts';
import { describeFault } from '../faults/support/suite.ts';

describeFault('fault: connection churn, short', 'Churn School', (target) => {
	it('leaves no document, connection or timer behind', async () => {
		const { server, owner, seed } = target();
		await runFault('churn', seed, () =>
			connectionChurn(server, owner, { cycles: 500, concurrency: 8, documents: 20 }, seed)
		);
	});
});
