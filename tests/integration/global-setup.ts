// Before integration tests: a current build, and every service the run was told to use must answer.
import postgres from 'postgres';
import { ensureBuild } from '../../server/build.ts';

export default async function setup() {
	ensureBuild();
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
		try {
			await sql`select 1`;
		} catch (error) {
			throw new Error(
				`TEST_DATABASE_URL is set but Postgres does not answer (${String(error)}). Start it or unset the variable.`,
				{
					cause: error
				}
			);
		} finally {
			await sql.end();
		}
	} else if (process.env.CI === 'true') {
		throw new Error(
			'CI=true but TEST_DATABASE_URL is not set: integration tests must run against a real Postgres in CI.'
		);
	} else {
		console.warn(
			'\n!!! TEST_DATABASE_URL is not set: integration tests run on PGlite only, not on a Postgres server. !!!\n'
		);
	}
}
