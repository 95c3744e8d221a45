// Fault battery, short version: the database goes away during loads, typing, stores and server-side changes
// (Postgres only).
// `npm run test:faults` runs the long version (tests/faults/database.test.ts); both are
// tests/faults/suites/database-outages.ts at different sizes.
import { describeDatabaseOutages } from '../faults/suites/database-outages.ts';

describeDatabaseOutages('short', {
	refusedLoads: 12,
	typing: { typists: 3, outages: 1, outageMs: 800, typingMs: 600 },
	stores: { failForMs: 2500, slowTypingMs: 3000 },
	serverChanges: { rounds: 1 }
});
