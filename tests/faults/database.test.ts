// Fault battery, long: the database goes away during loads, typing and stores, many times over. The short
// version is tests/integration/fault-database.test.ts; both are tests/faults/suites/database-outages.ts.
import { describeDatabaseOutages } from './suites/database-outages.ts';

describeDatabaseOutages('long', {
	refusedLoads: 100,
	typing: { typists: 5, outages: 10, outageMs: 2000, typingMs: 3000 },
	stores: { failForMs: 10_000, slowTypingMs: 30_000 },
	serverChanges: { rounds: 3 }
});
