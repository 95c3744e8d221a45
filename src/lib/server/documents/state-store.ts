// Document state in Postgres: one compacted snapshot row plus the tail of the update log (design §3, §5).
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { documentSnapshots, documentUpdates } from '../db/schema.ts';
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
		// One transaction, so a compaction between the two reads cannot hide rows it folds and deletes.
		return this.db.transaction(
			async (tx) => {
				const [snapshot] = await tx
					.select({ state: documentSnapshots.state })
					.from(documentSnapshots)
					.where(eq(documentSnapshots.documentId, documentId));
				// Every row still in the log, not only those above the snapshot's mark: on a Postgres server a
				// row with a lower seq can commit after a higher one (two processes), and Yjs updates are
				// idempotent, so re-applying a folded row costs nothing while skipping a late one would lose it.
				const tail = await tx
					.select({ update: documentUpdates.update })
					.from(documentUpdates)
					.where(eq(documentUpdates.documentId, documentId))
					.orderBy(asc(documentUpdates.seq));
				const updates = [...(snapshot ? [snapshot.state] : []), ...tail.map((row) => row.update)];
				return {
					updates,
					rowsRead: (snapshot ? 1 : 0) + tail.length,
					tailRows: tail.length,
					byteSize: updates.reduce((sum, u) => sum + u.byteLength, 0)
				};
			},
			{ isolationLevel: 'repeatable read' }
		);
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
		const applied = await this.db.transaction(async (tx) => {
			const written = await tx
				.insert(documentSnapshots)
				.values({ documentId, state, throughSeq: last.seq, byteSize: state.byteLength })
				.onConflictDoUpdate({
					target: documentSnapshots.documentId,
					set: { state, throughSeq: last.seq, byteSize: state.byteLength, updatedAt: sql`now()` },
					setWhere: eq(documentSnapshots.throughSeq, snapshot ? previousSeq : -1)
				})
				.returning({ throughSeq: documentSnapshots.throughSeq });
			if (written.length === 0) return false;
			// Exactly the rows folded in: one that committed meanwhile stays for the next compaction. One array
			// parameter, so the statement is the same whatever the count (an IN list would be prepared anew).
			const folded = tail.map((row) => row.seq);
			await tx.execute(
				sql`delete from document_updates where document_id = ${documentId} and seq = any(${sql.param(folded)}::bigint[])`
			);
			return true;
		});
		return applied ? { state, throughSeq: last.seq, foldedRows: tail.length } : null;
	}
}
