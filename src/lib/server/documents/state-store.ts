// Document state in Postgres: one compacted snapshot row plus the tail of the update log (docs/design.md §3, §5).
import { and, asc, eq, max, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Db } from '../db/client.ts';
import { documentSnapshots, documentUpdates, documentVersions } from '../db/schema.ts';
import type { Compactor } from './compactor.ts';

export interface StoredState {
	/** The snapshot first (when there is one), then the log tail in commit order. */
	updates: Uint8Array[];
	/** Rows read: the snapshot row (0 or 1) plus the tail rows. */
	rowsRead: number;
	/** Log rows read after the snapshot: what a compaction would fold. */
	tailRows: number;
	byteSize: number;
}

export interface CompactionResult {
	state: Uint8Array;
	throughSeq: number;
	foldedRows: number;
}

export class DocumentStateStore {
	constructor(
		private readonly db: Db,
		private readonly compactor: Compactor
	) {}

	async load(documentId: string): Promise<StoredState> {
		// One statement, so a compaction between the two reads cannot hide rows it folds and deletes (a
		// statement sees one snapshot of the database). Not a transaction: postgres.js 3.4.9 leaves a
		// connection wedged when the server goes away inside one (porsager/postgres#1208, #1215), and loads
		// are what a database outage hits first. Every row still in the log is read, not only those above
		// the snapshot's mark: on a Postgres server a row with a lower seq can commit after a higher one
		// (two processes), and Yjs updates are idempotent, so re-applying a folded row costs nothing while
		// skipping a late one would lose it.
		const rows = await this.db
			.select({
				part: sql<number>`1`.as('part'),
				bytes: documentSnapshots.state,
				seq: sql<number>`0`.as('seq')
			})
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId))
			.unionAll(
				this.db
					.select({
						part: sql<number>`2`.as('part'),
						bytes: documentUpdates.update,
						seq: documentUpdates.seq
					})
					.from(documentUpdates)
					.where(eq(documentUpdates.documentId, documentId))
			)
			.orderBy(sql`part`, sql`seq`);
		const updates = rows.map((row) => row.bytes);
		const tailRows = rows.filter((row) => Number(row.part) === 2).length;
		return {
			updates,
			rowsRead: rows.length,
			tailRows,
			byteSize: updates.reduce((sum, u) => sum + u.byteLength, 0)
		};
	}

	/**
	 * Folds the log tail into the snapshot. The merge runs in the worker outside any transaction; the write
	 * is conditional on the snapshot not having moved meanwhile, so concurrent compactions are harmless.
	 */
	async compact(documentId: string): Promise<CompactionResult | null> {
		const [snapshot] = await this.db
			.select({ state: documentSnapshots.state, throughSeq: documentSnapshots.throughSeq })
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId));
		const previousSeq = snapshot?.throughSeq ?? 0;
		const tail = await this.db
			.select({ seq: documentUpdates.seq, update: documentUpdates.update })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, documentId))
			.orderBy(asc(documentUpdates.seq));
		const last = tail.at(-1);
		if (!last) return null;

		const state = await this.compactor.merge(
			snapshot?.state ?? null,
			tail.map((row) => row.update)
		);
		// The snapshot written only if it has not moved meanwhile, and exactly the rows folded in deleted with
		// it (one that committed meanwhile stays for the next compaction): one statement, atomic without a
		// transaction (see load()). The seqs travel as one array, so the statement is the same for any count.
		const written = await this.db.execute(sql`
			with written as (
				insert into "document_snapshots" (document_id, state, through_seq, byte_size)
				values (${documentId}, decode(${toHex(state)}, 'hex'), ${last.seq}, ${state.byteLength})
				on conflict (document_id) do update
					set state = excluded.state, through_seq = excluded.through_seq,
						byte_size = excluded.byte_size, updated_at = now()
					where document_snapshots.through_seq = ${snapshot ? previousSeq : -1}
				returning through_seq
			), folded as (
				delete from "document_updates"
				where document_id = ${documentId}
					and seq = any(${sql.param(tail.map((row) => row.seq))}::bigint[])
					and exists (select 1 from written)
				returning seq
			)
			select (select count(*) from written)::int as written`);
		const applied = rowsOf<{ written: number }>(written)[0]?.written === 1;
		return applied ? { state, throughSeq: last.seq, foldedRows: tail.length } : null;
	}
}

/**
 * Replaces a document's stored history with `state`: the log rows through `throughSeq` and every version
 * go, and `state` becomes the snapshot. Rows appended after `throughSeq` stay (they follow the state).
 * The snapshot's through_seq never moves back, so a compaction that read the old snapshot cannot write
 * over this one (its write is conditional on the through_seq it read).
 */
export async function replaceStoredHistory(
	db: Db,
	documentId: string,
	state: Uint8Array,
	throughSeq: number
): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.delete(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), sql`${documentUpdates.seq} <= ${throughSeq}`));
		await tx.delete(documentVersions).where(eq(documentVersions.documentId, documentId));
		await tx
			.insert(documentSnapshots)
			.values({ documentId, state, throughSeq, byteSize: state.byteLength })
			.onConflictDoUpdate({
				target: documentSnapshots.documentId,
				set: {
					state,
					throughSeq: sql`greatest(${documentSnapshots.throughSeq}, ${throughSeq})`,
					byteSize: state.byteLength,
					updatedAt: sql`now()`
				}
			});
	});
}

/** The last seq in a document's log (0 when it is empty): what a history replacement may delete through. */
export async function lastLoggedSeq(db: Db, documentId: string): Promise<number> {
	const [{ through } = { through: null }] = await db
		.select({ through: max(documentUpdates.seq) })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, documentId));
	return Number(through ?? 0);
}

function toHex(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
