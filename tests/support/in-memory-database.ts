// A migrated in-memory PGlite database for unit tests of code that queries, without a server process.
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../src/lib/server/db/client.ts';
import * as schema from '../../src/lib/server/db/schema.ts';

export interface InMemoryDatabase {
	client: PGlite;
	db: Db;
}

/** PGlite and drizzle load on first use, so only the test files that query pay for PGlite's start-up. */
export async function openInMemoryDatabase(): Promise<InMemoryDatabase> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const client = new PGlite();
	await migrate(drizzle({ client }), { migrationsFolder: 'drizzle' });
	return { client, db: drizzle({ client, schema }) as unknown as Db };
}
