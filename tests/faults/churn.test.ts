// Fault battery, long: 10,000 connect/disconnect cycles (hocuspocus#1156). The short version is
// tests/integration/fault-churn.test.ts.
import { it } from 'vitest';
import { connectionChurn } from './scenarios/connection-churn.ts';
import { runFault } from './support/report.ts';
import { describeFault } from './support/suite.ts';

describeFault('fault: connection churn, long', 'Churn School', (target) => {
	it('leaves no document, connection or timer behind', async () => {
		const { server, owner, seed } = target();
		await runFault('churn', seed, () =>
			connectionChurn(server, owner, { cycles: 10_000, concurrency: 16, documents: 200 }, seed)
		);
	});
});
