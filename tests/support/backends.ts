// Which databases integration tests run against: always PGlite, and a real Postgres server when
// TEST_DATABASE_URL is set (CI sets it). Each server gets a database of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export type Backend = 'pglite' | 'postgres';

export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface DatabaseEnv {
	env: Record<string, string>;
	/** Removes the database (or leaves the temp dir for the OS to clean). */
	drop(): Promise<void>;
}

export async function freshDatabase(backend: Backend): Promise<DatabaseEnv> {
	if (backend === 'pglite') {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-test-'));
		return { env: { DATA_DIR: dataDir }, drop: async () => {} };
	}
	const adminUrl = process.env.TEST_DATABASE_URL as string;
	const name = `tandem_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		env: { DATABASE_URL: url.toString() },
		async drop() {
			const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
			try {
				await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			} finally {
				await cleanup.end();
			}
		}
	};
}
