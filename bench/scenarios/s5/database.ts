// What a server wrote to Postgres during a phase: WAL bytes, database growth, and, for Tandem, rows appended
// to the update log (its sequence, which compaction never moves back).
// WAL: pg_current_wal_lsn() deltas count every database on the server (other processes' tests included),
// so where pg_walinspect exists the WAL is also read back in short chunks and only this database's
// records (block references to its OID, and the commit records of the same transactions) are counted.
import postgres from 'postgres';

export interface DatabaseReading {
	walLsn: bigint;
	databaseBytes: number;
	/** Rows ever inserted into document_updates (Tandem only). */
	logRows: number | null;
}

export interface DatabaseDelta {
	walBytes: number;
	databaseBytes: number;
	logRows: number | null;
}

function parseLsn(lsn: string): bigint {
	const [high = '0', low = '0'] = lsn.split('/');
	return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export class DatabaseMeter {
	private sequence: string | null | undefined;

	private constructor(private readonly sql: postgres.Sql) {}

	static open(databaseUrl: string): DatabaseMeter {
		return new DatabaseMeter(postgres(databaseUrl, { max: 1, onnotice: () => {} }));
	}

	async read(): Promise<DatabaseReading> {
		if (this.sequence === undefined) {
			const [row] = await this.sql<{ name: string | null }[]>`
				select case when to_regclass('document_updates') is null then null
					else pg_get_serial_sequence('document_updates', 'seq') end as name`;
			this.sequence = row?.name ?? null;
		}
		const [row] = await this.sql<{ lsn: string; size: string }[]>`
			select pg_current_wal_lsn()::text as lsn, pg_database_size(current_database())::text as size`;
		let logRows: number | null = null;
		if (this.sequence) {
			const [seq] = await this.sql.unsafe<{ last_value: string; is_called: boolean }[]>(
				`select last_value::text, is_called from ${this.sequence}`
			);
			logRows = seq ? Number(seq.last_value) - (seq.is_called ? 0 : 1) : null;
		}
		return { walLsn: parseLsn(row?.lsn ?? '0/0'), databaseBytes: Number(row?.size ?? 0), logRows };
	}

	/** Rows the next cold load of a Tandem document reads: its snapshot row (0 or 1) plus its log tail. */
	async tandemRows(documentId: string): Promise<{ snapshot: number; tail: number; snapshotBytes: number }> {
		const [row] = await this.sql<{ snapshot: string; tail: string; bytes: string | null }[]>`
			select (select count(*) from document_snapshots where document_id = ${documentId})::text as snapshot,
				(select count(*) from document_updates where document_id = ${documentId})::text as tail,
				(select byte_size from document_snapshots where document_id = ${documentId})::text as bytes`;
		return {
			snapshot: Number(row?.snapshot ?? 0),
			tail: Number(row?.tail ?? 0),
			snapshotBytes: Number(row?.bytes ?? 0)
		};
	}

	query(): postgres.Sql {
		return this.sql;
	}

	async close(): Promise<void> {
		await this.sql.end({ timeout: 2 });
	}
}

export interface WalTotals {
	/** Every database on the server. */
	clusterBytes: number;
	/** This database's records only; null when pg_walinspect is unavailable. */
	databaseBytes: number | null;
	/** Of those, full-page images (written once per page after each checkpoint). */
	fullPageImageBytes: number | null;
	/** Chunks that could not be read back (a checkpoint recycled their segment): counted cluster-wide. */
	unreadChunks: number;
}

const WAL_CHUNK_MS = 1000;

/** Counts this database's WAL from start() to stop(), reading it back every second. */
export class WalAccount {
	private totals: WalTotals = { clusterBytes: 0, databaseBytes: 0, fullPageImageBytes: 0, unreadChunks: 0 };
	private last = 0n;
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<void> = Promise.resolve();

	private constructor(
		private readonly sql: postgres.Sql,
		private readonly databaseOid: number | null
	) {}

	static async start(databaseUrl: string): Promise<WalAccount> {
		const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
		let databaseOid: number | null = null;
		try {
			await sql`create extension if not exists pg_walinspect`;
			const [row] = await sql<{ oid: string }[]>`
				select oid::text from pg_database where datname = current_database()`;
			databaseOid = row ? Number(row.oid) : null;
		} catch {
			// Not installed on this server: cluster-wide figures only.
		}
		const account = new WalAccount(sql, databaseOid);
		account.last = await account.lsn();
		account.timer = setInterval(() => {
			account.running = account.running.then(() => account.chunk());
		}, WAL_CHUNK_MS);
		return account;
	}

	private async lsn(): Promise<bigint> {
		const [row] = await this.sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
		return parseLsn(row?.lsn ?? '0/0');
	}

	private async chunk(): Promise<void> {
		const from = this.last;
		const to = await this.lsn();
		if (to <= from) return;
		this.last = to;
		this.totals.clusterBytes += Number(to - from);
		if (this.databaseOid === null) return;
		try {
			const [row] = await this.sql.unsafe<{ bytes: string | null; fpi: string | null }[]>(
				`with records as (
					select xid, record_length, fpi_length, block_ref ~ $3 as mine
					from pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
				), transactions as (select distinct xid from records where mine and xid <> '0')
				select sum(record_length)::text as bytes, sum(fpi_length)::text as fpi from records
				where mine or (xid <> '0' and xid in (select xid from transactions))`,
				[formatLsn(from), formatLsn(to), `rel [0-9]+/${this.databaseOid}/`]
			);
			(this.totals.databaseBytes as number) += Number(row?.bytes ?? 0);
			(this.totals.fullPageImageBytes as number) += Number(row?.fpi ?? 0);
		} catch {
			this.totals.unreadChunks += 1;
			(this.totals.databaseBytes as number) += Number(to - from);
		}
	}

	async stop(): Promise<WalTotals> {
		if (this.timer) clearInterval(this.timer);
		await this.running;
		await this.chunk();
		await this.sql.end({ timeout: 2 });
		if (this.databaseOid === null) return { ...this.totals, databaseBytes: null, fullPageImageBytes: null };
		return this.totals;
	}
}

function formatLsn(lsn: bigint): string {
	return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function delta(before: DatabaseReading, after: DatabaseReading): DatabaseDelta {
	return {
		walBytes: Number(after.walLsn - before.walLsn),
		databaseBytes: after.databaseBytes - before.databaseBytes,
		logRows: before.logRows === null || after.logRows === null ? null : after.logRows - before.logRows
	};
}
