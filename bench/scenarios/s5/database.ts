// What a server wrote to Postgres during a phase: WAL bytes (pg_current_wal_lsn deltas), database growth,
// and, for Tandem, rows appended to the update log (its sequence, which compaction never moves back).
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

export function delta(before: DatabaseReading, after: DatabaseReading): DatabaseDelta {
	return {
		walBytes: Number(after.walLsn - before.walLsn),
		databaseBytes: after.databaseBytes - before.databaseBytes,
		logRows: before.logRows === null || after.logRows === null ? null : after.logRows - before.logRows
	};
}
