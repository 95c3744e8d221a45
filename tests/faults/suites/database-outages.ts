// The database-outage fault suite, at the sizes a caller picks: the short version runs in `npm test`
// (tests/integration/fault-database.test.ts), the long one in `npm run test:faults` (tests/faults/database.test.ts).
// Postgres only: the faults are injected at the wire, by a proxy between Tandem and the server.
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
	failingAndSlowStores,
	loadDuringOutage,
	typingThroughOutages
} from '../scenarios/database-outage.ts';
import { serverChangesUnderFaults } from '../scenarios/server-changes.ts';
import { runFault } from '../support/report.ts';
import { reportMissing, seedFromEnv } from '../support/services.ts';
import { startProxiedServer, type ProxiedServer } from '../support/tandem.ts';

export interface DatabaseOutageSizes {
	/** Refused loads in a row: more than the pool's 10 connections proves a cut load gives its connection back. */
	refusedLoads: number;
	typing: { typists: number; outages: number; outageMs: number; typingMs: number };
	stores: { failForMs: number; slowTypingMs: number };
	/** Rounds of every control.change call site under an outage, slow commits and a refusing trigger. */
	serverChanges: { rounds: number };
}

export function describeDatabaseOutages(length: 'short' | 'long', sizes: DatabaseOutageSizes): void {
	const seed = seedFromEnv();
	const title = `fault: database outages (${length})`;
	if (!process.env.TEST_DATABASE_URL) {
		describe(title, () => {
			reportMissing(title, 'no Postgres server (TEST_DATABASE_URL)');
		});
		return;
	}
	describe(`fault: database outages (postgres, ${length})`, () => {
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
				await runFault('database/load', seed, () =>
					loadDuringOutage(own, { attempts: sizes.refusedLoads, seed })
				);
			} finally {
				await own.dispose();
			}
		});

		it('loses no edit typed through database outages, even after kill -9', async () => {
			await runFault('database/typing', seed, () => typingThroughOutages(target, { ...sizes.typing, seed }));
		});

		it('keeps a document whose store fails until a retry stores it; slow stores do not storm', async () => {
			await runFault('database/stores', seed, () => failingAndSlowStores(target, { ...sizes.stores, seed }));
		});

		it('answers server-side changes 2xx once committed or 503, survives, loses nothing, logs no content', async () => {
			await runFault('database/server-changes', seed, () =>
				serverChangesUnderFaults(target, { ...sizes.serverChanges, seed })
			);
		});
	});
}
