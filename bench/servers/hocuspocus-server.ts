// Stock Hocuspocus (the version Tandem runs) with its Database extension storing the whole document as one
// bytea row in Postgres: default debounce (2 s, at most 10 s), no authentication, no other extensions.
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import postgres from 'postgres';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const sql = postgres(databaseUrl, { onnotice: () => {} });
await sql`create table if not exists documents (name text primary key, data bytea not null)`;

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: '127.0.0.1',
	quiet: true,
	stopOnSignals: false,
	extensions: [
		new Database({
			async fetch({ documentName }) {
				const rows = await sql<{ data: Buffer }[]>`select data from documents where name = ${documentName}`;
				return rows[0]?.data ?? null;
			},
			async store({ documentName, state }) {
				await sql`insert into documents (name, data) values (${documentName}, ${state})
					on conflict (name) do update set data = excluded.data`;
			}
		})
	]
});
await server.listen();
console.log(`BENCH_READY ${server.address.port}`);

process.once('SIGTERM', () => {
	// As stopOnSignals would, but also let go of the database so the bench can drop it.
	void server
		.destroy()
		.then(() => sql.end({ timeout: 5 }))
		.finally(() => process.exit(0));
});
