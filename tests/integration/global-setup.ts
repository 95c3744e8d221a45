// Before integration tests: a current build, and the Postgres and Redis the run uses. A service named in
// TEST_DATABASE_URL / REDIS_URL must answer; an unnamed one is looked for at its default local address
// (tests/support/local-services.ts) and, when found, given to every test file through process.env (Vitest
// starts its workers after this runs, with this process's environment). Without CI a missing service
// leaves its tests reported as "not run" (scripts/test-summary.mjs names them); under CI=true it fails.
import postgres from 'postgres';
import { ensureBuild } from '../../server/build.ts';
import { redisAnswers, shout } from '../faults/support/services.ts';
import { findLocalPostgres, findLocalRedis, HOW_TO_ENABLE } from '../support/local-services.ts';

const inCi = process.env.CI === 'true';

export default async function setup() {
	ensureBuild();
	await choosePostgres();
	await chooseRedis();
}

async function choosePostgres(): Promise<void> {
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
		try {
			await sql`select 1`;
		} catch (error) {
			throw new Error(
				`TEST_DATABASE_URL is set but Postgres does not answer (${String(error)}). Start it or unset the variable.`,
				{ cause: error }
			);
		} finally {
			await sql.end();
		}
		return;
	}
	const found =
		url === '' ? { missing: 'TEST_DATABASE_URL is set to the empty string' } : await findLocalPostgres();
	if ('url' in found) {
		process.env.TEST_DATABASE_URL = found.url;
		console.log(`Integration tests use the local Postgres at ${found.url} (and PGlite).`);
	} else if (inCi) {
		throw new Error(
			`CI=true and ${found.missing}: integration tests must run against a real Postgres in CI. Set TEST_DATABASE_URL.`
		);
	} else {
		shout(
			`${found.missing}: integration tests run on PGlite only, and the Postgres-only tests do not run. ${HOW_TO_ENABLE}`
		);
	}
}

async function chooseRedis(): Promise<void> {
	const url = process.env.REDIS_URL;
	if (url) {
		if (!(await redisAnswers(url))) {
			throw new Error(
				`REDIS_URL is set but Redis does not answer at ${url}. Start it or unset the variable.`
			);
		}
		return;
	}
	const found = url === '' ? { missing: 'REDIS_URL is set to the empty string' } : await findLocalRedis();
	if ('url' in found) {
		process.env.REDIS_URL = found.url;
		console.log(`Integration tests use the local Redis at ${found.url}.`);
	} else if (inCi) {
		throw new Error(`CI=true and ${found.missing}: the scale-out tests must run in CI. Set REDIS_URL.`);
	} else {
		shout(`${found.missing}: the scale-out and shared-throttle tests do not run. ${HOW_TO_ENABLE}`);
	}
}
