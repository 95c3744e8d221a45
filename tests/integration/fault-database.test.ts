// Fault battery, short version: the database goes away during loads, typing and stores (Postgres only: the
// faults are injected at the wire, by a proxy between Tandem and the server). `npm run test:faults` runs
// the long version (tests/faults/database.test.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
	failingAndSlowStores,
	loadDuringOutage,
	typingThroughOutages
} from '../faults/scenarios/database-outage.ts';
import { runFault } from '../faults/support/report.ts';
import { reportMissing, seedFromEnv } from '../faults/support/services.ts';
import { startProxiedServer, type ProxiedServer } from '../faults/support/tandem.ts';

const seed = seedFromEnv();

if (!process.env.TEST_DATABASE_URL) {
	describe('fault: database outages', () => {
		reportMissing('fault: database outages', 'no TEST_DATABASE_URL (a Postgres server is needed)');
	});
} else {
	describe('fault: database outages (postgres, short)', () => {
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
				await runFault('database/load', seed, () => loadDuringOutage(own, { attempts: 12, seed }));
			} finally {
				await own.dispose();
			}
		});

		it('loses no edit typed through database outages, even after kill -9', async () => {
			await runFault('database/typing', seed, () =>
				typingThroughOutages(target, {
					typists: 3,
					outages: 1,
					outageMs: 800,
					typingMs: 600,
					seed
				})
			);
		});

		it('keeps a document whose store fails until a retry stores it; slow stores do not storm', async () => {
			await runFault('database/stores', seed, () =>
				failingAndSlowStores(target, { failForMs: 2500, slowTypingMs: 3000, seed })
			);
		});
	});
}
