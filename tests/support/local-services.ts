// The Postgres and Redis a test run uses when none is named: `npm test` on a fresh clone looks for them
// at their default local addresses (as .ci/run provides them) instead of quietly running less.
// TEST_DATABASE_URL or REDIS_URL set to a URL names the service; set to the empty string, it turns the
// service off and nothing is looked for.
import postgres from 'postgres';
import { redisAnswers } from '../faults/support/services.ts';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** How a person makes the service-bound tests run: printed wherever they could not. */
export const HOW_TO_ENABLE =
	'Start Postgres on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379 and `npm test` ' +
	'finds them, or name others with TEST_DATABASE_URL=postgres://… and REDIS_URL=redis://…';

/**
 * The local Postgres's `test` database, created when the server answers and it is missing (each test
 * server then creates a database of its own through it), or why there is none.
 */
export async function findLocalPostgres(): Promise<{ url: string } | { missing: string }> {
	const adminUrl = new URL(LOCAL_POSTGRES_URL);
	adminUrl.pathname = '/postgres';
	const admin = postgres(adminUrl.toString(), { max: 1, connect_timeout: 2, onnotice: () => {} });
	try {
		const found = await admin`select 1 from pg_database where datname = 'test'`;
		if (found.length === 0) await admin.unsafe('create database test');
		return { url: LOCAL_POSTGRES_URL };
	} catch (error) {
		return { missing: `no Postgres answers at ${LOCAL_POSTGRES_URL} (${describeFailure(error)})` };
	} finally {
		await admin.end({ timeout: 1 });
	}
}

export async function findLocalRedis(): Promise<{ url: string } | { missing: string }> {
	return (await redisAnswers(LOCAL_REDIS_URL, 1000))
		? { url: LOCAL_REDIS_URL }
		: { missing: `no Redis answers at ${LOCAL_REDIS_URL}` };
}

function describeFailure(error: unknown): string {
	if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
		return error.code;
	return error instanceof Error ? error.message : String(error);
}
