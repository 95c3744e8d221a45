// Looks inside a test server's database from the test process: a Postgres server directly, PGlite only
// once the server has stopped (it is single-process). Used to prove what is, and is not, stored.
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestServer } from './server.ts';

export interface Inspector {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	close(): Promise<void>;
}

/** Opens the server's database. For PGlite, the server is stopped first; restart it afterwards. */
export async function inspectDatabase(server: TestServer): Promise<Inspector> {
	if (server.backend === 'postgres') {
		const sql = postgres(server.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
		return {
			query: async (text, params = []) => (await sql.unsafe(text, params as never[])) as never,
			close: () => sql.end()
		};
	}
	await server.terminate();
	const db = await PGlite.create(server.env.DATA_DIR as string);
	return {
		query: async (text, params = []) => (await db.query(text, params)).rows as never,
		close: () => db.close()
	};
}

/**
 * Every table and column (text, JSON, arrays, bytes and search's tsvectors) in which `needle` appears, as
 * "table.column". A tsvector holds a word as its lexeme: a canary (letters and digits) is its own lexeme.
 */
export async function findText(inspector: Inspector, needle: string): Promise<string[]> {
	const columns = await inspector.query<{ table_name: string; column_name: string; data_type: string }>(
		`select table_name, column_name, data_type from information_schema.columns
		 where table_schema = 'public'
		   and (data_type in ('text', 'jsonb', 'json', 'bytea', 'ARRAY', 'character varying') or udt_name = 'tsvector')`
	);
	const hits: string[] = [];
	for (const { table_name: table, column_name: column, data_type: type } of columns) {
		const condition =
			type === 'bytea'
				? `position(convert_to($1, 'UTF8') in "${column}") > 0`
				: `"${column}"::text ilike '%' || $1 || '%'`;
		const [row] = await inspector.query<{ n: number | string }>(
			`select count(*) as n from "${table}" where ${condition}`,
			[needle]
		);
		if (Number(row?.n ?? 0) > 0) hits.push(`${table}.${column}`);
	}
	return hits;
}
