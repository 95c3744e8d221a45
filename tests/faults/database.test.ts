// Fault battery, long: the database goes away during loads, typing and stores, many times over (Postgres
// only: the faults are injected at the wire). The short version is tests/integration/fault-database.test.ts.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { failingAndSlowStores, loadDuringOutage, typingThroughOutages } from './scenarios/database-outage.ts';
import { runFault } from './support/report.ts';
import { reportMissing, seedFromEnv } from './support/services.ts';
import { startProxiedServer, type ProxiedServer } from './support/tandem.ts';

const seed = seedFromEnv();

if (!process.env.TEST_DATABASE_URL) {
	describe('fault: database outages (long)', () => {
		reportMissing('fault: database outages (long)', 'no TEST_DATABASE_URL (a Postgres server is needed)');
	});
} else {
	describe('fault: database outages (postgres, long)', () => {
		let target: ProxiedServer;
		beforeAll(async () => {
			target = await startProxiedServer();
		});
		afterAll(async () => {
			await target?.dispose();
		});

		it('refuses loads while the database is down, stores nothing over the real document, leaks nothing', async () => {
			// A server of its own, with more refused loads than the pool has connections (10): a load cut inside
			// its transaction must give its connection back, or the pool runs dry and every later query hangs.
			const own = await startProxiedServer();
			try {
				await runFault('database/load', seed, () => loadDuringOutage(own, { attempts: 100, seed }));
			} finally {
				await own.dispose();
			}
		});

		it('loses no edit typed through database outages, even after kill -9', async () => {
			await runFault('database/typing', seed, () =>
				typingThroughOutages(target, {
					typists: 5,
					outages: 10,
					outageMs: 2000,
					typingMs: 3000,
					seed
				})
			);
		});

		it('keeps a document whose store fails until a retry stores it; slow stores do not storm', async () => {
			await runFault('database/stores', seed, () =>
				failingAndSlowStores(target, { failForMs: 10_000, slowTypingMs: 30_000, seed })
			);
		});
	});
}
