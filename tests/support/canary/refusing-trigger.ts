// A database that refuses every write carrying a canary: a trigger on every table raises when the new row
// holds the canary prefix, as text or as the hex of bytes (a Yjs update with the word in it). Other writes —
// sessions, the ledger, the rest of the school — go on, so the server keeps serving while each content
// write path fails. Installed from the test process: on PGlite with the server stopped (single process).
import type { TestServer } from '../server.ts';
import { inspectDatabase } from '../database-inspector.ts';

export const REFUSAL_MESSAGE = 'log-canary: this write is refused';

export async function refuseWritesContaining(server: TestServer, prefix: string): Promise<string[]> {
	if (!/^[a-z0-9]+$/.test(prefix)) throw new Error(`not a canary prefix: ${prefix}`);
	const hex = Buffer.from(prefix).toString('hex');
	const inspector = await inspectDatabase(server);
	let tables: string[];
	try {
		await inspector.query(`
			create or replace function log_canary_refuse() returns trigger language plpgsql as $$
			declare
				row_text text := row_to_json(NEW)::text;
			begin
				if position('${prefix}' in row_text) > 0 or position('${hex}' in row_text) > 0 then
					raise exception '${REFUSAL_MESSAGE}';
				end if;
				return NEW;
			end
			$$`);
		const rows = await inspector.query<{ tablename: string }>(
			`select tablename from pg_tables where schemaname = 'public'`
		);
		tables = rows.map((r) => r.tablename);
		for (const table of tables)
			await inspector.query(
				`create trigger log_canary_refuse before insert or update on "${table}"
				 for each row execute function log_canary_refuse()`
			);
	} finally {
		await inspector.close();
	}
	if (server.backend === 'pglite') await server.restart();
	return tables;
}
