// Opens the one database the process uses: PGlite in DATA_DIR when no DATABASE_URL is given,
// a Postgres server through postgres.js when it is. Migrations from drizzle/ are applied here.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
	db: Db;
	driver: 'pglite' | 'postgres';
	/** The embedded database's own client, for libraries that speak to PGlite directly (the job queue). */
	pglite?: import('@electric-sql/pglite').PGlite;
	ping(): Promise<boolean>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	databaseUrl?: string;
	dataDir: string;
	log?: (message: string) => void;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../drizzle');
const MIGRATION_LOCK_KEY = 726_335_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	return options.databaseUrl ? openPostgres(options.databaseUrl, options.log) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
	mkdirSync(dataDir, { recursive: true });
	// PGlite is single-process: a second process on the same directory would corrupt it.
	const lock: DataDirLock = acquireDataDirLock(dataDir);
	try {
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		const client = await PGlite.create(dataDir);
		const db = drizzle({ client, schema }) as unknown as Db;
		await migrate(drizzle({ client }), { migrationsFolder });
		return {
			db,
			driver: 'pglite',
			pglite: client,
			ping: () => ping(db),
			async close() {
				await client.close();
				lock.release();
			}
		};
	} catch (error) {
		lock.release();
		throw error;
	}
}

async function openPostgres(url: string, log?: (message: string) => void): Promise<Database> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	const client = postgres(url, { max: 10, onnotice: () => {} });
	const db = drizzle({ client, schema }) as unknown as Db;
	// Several processes may start together against one server: migrate one at a time.
	const lockConnection = await client.reserve();
	try {
		await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
		await migrate(drizzle({ client }), { migrationsFolder });
	} finally {
		await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
		lockConnection.release();
	}
	await warnIfNotDurable(client, log);
	return {
		db,
		driver: 'postgres',
		ping: () => ping(db),
		close: () => client.end({ timeout: 5 })
	};
}

// "Saved" means committed and flushed (docs/design.md §5); say so loudly when the server would not keep that promise.
async function warnIfNotDurable(client: import('postgres').Sql, log?: (message: string) => void) {
	const rows = await client<{ name: string; setting: string }[]>`
		select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')`;
	for (const row of rows) {
		if (row.setting === 'off')
			log?.(`WARNING: Postgres ${row.name} is off; acknowledged edits may be lost on a crash`);
	}
}

/** The rows of a raw `db.execute()`: postgres.js answers an array of rows, PGlite an object holding them. */
export function rowsOf<Row>(result: unknown): Row[] {
	if (Array.isArray(result)) return result as Row[];
	return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

async function ping(db: Db): Promise<boolean> {
	try {
		await db.execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}
