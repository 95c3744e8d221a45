// The append-only update log: an edit is "saved" once its row is committed (design §5).
// Appends from every connection and document are batched into one INSERT (group commit), so one slow
// fsync serves many acknowledgements instead of queueing them one by one.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { LatencyHistogram } from '../latency-histogram.ts';

interface PendingAppend {
	documentId: string;
	update: Uint8Array;
	userId: string | null;
	queuedAt: number;
	resolve(): void;
	reject(error: unknown): void;
}

export interface UpdateLogStats {
	appended: number;
	batches: number;
	bytes: number;
	failures: number;
}

export class UpdateLog {
	private queue: PendingAppend[] = [];
	private flushing: Promise<void> | null = null;
	readonly stats: UpdateLogStats = { appended: 0, batches: 0, bytes: 0, failures: 0 };
	/** From append to commit: what an editor waits for "saved" beyond the network. */
	readonly commitLatency = new LatencyHistogram();

	constructor(
		private readonly db: Db,
		private readonly maxBatch = 500
	) {}

	/** Resolves once the update is committed; rejects if the commit failed. */
	append(documentId: string, update: Uint8Array, userId: string | null): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queue.push({ documentId, update, userId, queuedAt: performance.now(), resolve, reject });
			if (!this.flushing) this.flushing = this.flushLoop();
		});
	}

	/** Waits for everything queued so far to be committed (or failed). */
	async drain(): Promise<void> {
		while (this.flushing) await this.flushing;
	}

	private async flushLoop(): Promise<void> {
		// Yield once so appends arriving in the same tick share the first batch.
		await new Promise((resolve) => setImmediate(resolve));
		try {
			while (this.queue.length > 0) {
				const batch = this.queue.splice(0, this.maxBatch);
				try {
					await this.db.execute(insertBatch(batch));
					this.stats.appended += batch.length;
					this.stats.batches += 1;
					for (const p of batch) this.stats.bytes += p.update.byteLength;
					const committedAt = performance.now();
					for (const p of batch) {
						this.commitLatency.record((committedAt - p.queuedAt) / 1000);
						p.resolve();
					}
				} catch (error) {
					this.stats.failures += batch.length;
					for (const p of batch) p.reject(error);
				}
			}
		} finally {
			this.flushing = null;
		}
	}
}

/**
 * One statement text for every batch size: three array parameters, unnested in order. A multi-row VALUES
 * list would be a new statement for each batch size (parsed and planned again by the driver and by
 * Postgres) and costs the query builder work per row; this is the group commit's hot path. Updates travel
 * as hex text because both drivers pass text arrays the same way. Table names are quoted as the query
 * builder quotes them: the fault battery's database proxy recognises statements by their text.
 */
function insertBatch(batch: readonly PendingAppend[]) {
	const documentIds = batch.map((p) => p.documentId);
	const updates = batch.map((p) =>
		Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength).toString('hex')
	);
	const userIds = batch.map((p) => p.userId);
	return sql`insert into "document_updates" (document_id, update, user_id)
		select document_id, decode(update_hex, 'hex'), user_id
		from unnest(${sql.param(documentIds)}::text[], ${sql.param(updates)}::text[], ${sql.param(userIds)}::text[])
			with ordinality as batch(document_id, update_hex, user_id, position)
		order by position`;
}
