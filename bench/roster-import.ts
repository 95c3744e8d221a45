// `npm run bench:roster`: a 10,000-person OneRoster bundle imported into a fresh workspace, then the same
// file again (which must change nothing). Target: the first import under 60 s on 2 cores (issue 17 §2).
// Runs in process on an embedded PGlite database (or DATABASE_URL's Postgres): no socket is involved, so
// the collaboration control is one that has no connections to close.
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from '../src/lib/server/db/client.ts';
import * as schema from '../src/lib/server/db/schema.ts';
import { importRoster } from '../src/lib/server/roster/imports.ts';
import type { CollaborationControl } from '../src/lib/server/runtime.ts';
import { generatedStaff, rosterBundle } from '../tests/support/roster-bundle.ts';

export const ROSTER_TARGET_MS = 60_000;
const TARGET_MS = ROSTER_TARGET_MS;

const noSockets = new Proxy({}, { get: () => () => 0 }) as CollaborationControl;

export interface RosterImportRun {
	people: number;
	zippedBytes: number;
	firstMs: number;
	secondMs: number;
	/** Everyone added once, and the second import changed nothing. */
	idempotent: boolean;
}

export async function measureRosterImport(PEOPLE: number): Promise<RosterImportRun> {
	const client = new PGlite();
	await migratePglite(drizzlePglite({ client }), { migrationsFolder: 'drizzle' });
	const db = drizzlePglite({ client, schema }) as unknown as Db;
	await db
		.insert(schema.users)
		.values({ id: 'bench-admin', email: 'admin@bench.example', name: 'Bench Admin', passwordHash: '!' });
	await db.insert(schema.workspaces).values({ id: 'bench-district', name: 'Bench District' });
	await db
		.insert(schema.memberships)
		.values({ workspaceId: 'bench-district', userId: 'bench-admin', roles: ['admin'] });
	const actor = {
		userId: 'bench-admin',
		memberships: new Map([['bench-district', { roles: ['admin' as const], active: true }]])
	};
	const zip = rosterBundle(generatedStaff(PEOPLE));

	const first = performance.now();
	const applied = await importRoster(db, noSockets, actor, 'bench-district', zip, { channel: 'api' });
	const firstMs = performance.now() - first;
	const second = performance.now();
	const again = await importRoster(db, noSockets, actor, 'bench-district', zip, { channel: 'api' });
	const secondMs = performance.now() - second;
	await client.close();

	const idempotent =
		applied.plan.add.length === PEOPLE && again.plan.add.length === 0 && again.plan.unchanged === PEOPLE;
	return { people: PEOPLE, zippedBytes: zip.byteLength, firstMs, secondMs, idempotent };
}

async function main(): Promise<void> {
	const PEOPLE = Number(process.env.ROSTER_BENCH_PEOPLE ?? 10_000);
	const { zippedBytes, firstMs, secondMs, idempotent: ok } = await measureRosterImport(PEOPLE);
	console.log(
		`roster import, ${PEOPLE} people (${(zippedBytes / 1024).toFixed(0)} KB zipped), PGlite in process`
	);
	console.log(
		`  first import:  ${(firstMs / 1000).toFixed(1)} s (target < ${TARGET_MS / 1000} s) ${firstMs < TARGET_MS ? 'MET' : 'MISSED'}`
	);
	console.log(
		`  same file again: ${(secondMs / 1000).toFixed(1)} s, ${ok ? 'nothing changed' : 'SOMETHING CHANGED'}`
	);
	if (!ok) {
		console.error('  the import did not add everyone once, or the second import changed something');
		process.exitCode = 1;
	}
	if (firstMs >= TARGET_MS) process.exitCode = 1;
}

// Run alone: `npm run bench:roster`; `npm run bench -- s8` runs it as a scenario.
if (import.meta.main) await main();
