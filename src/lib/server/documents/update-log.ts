// The append-only update log: an edit is "saved" once its row is committed (docs/design.md §5).
// Appends from every connection and document are batched into one INSERT (group-writer.ts), so one slow
// fsync serves many acknowledgements instead of queueing them one by one.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contentFreeError } from '../db/errors.ts';
import { GroupWriter } from '../db/group-writer.ts';
import { LatencyHistogram } from '../latency-histogram.ts';

interface PendingAppend {
	documentId: string;
	update: Uint8Array;
	userId: string | null;
	queuedAt: number;
}

export interface UpdateLogStats {
	appended: number;
	batches: number;
	bytes: number;
	failures: number;
}

export class UpdateLog {
	private readonly writer: GroupWriter<PendingAppend>;
	readonly stats: UpdateLogStats = { appended: 0, batches: 0, bytes: 0, failures: 0 };
	/** From append to commit: what an editor waits for "saved" beyond the network. */
	readonly commitLatency = new LatencyHistogram();

	constructor(
		private readonly db: Db,
		maxBatch: number
	) {
		this.writer = new GroupWriter((batch) => this.commit(batch), maxBatch);
	}

	/** Resolves once the update is committed; rejects if the commit failed. */
	append(documentId: string, update: Uint8Array, userId: string | null): Promise<void> {
		return this.writer.add({ documentId, update, userId, queuedAt: performance.now() });
	}

	/** Waits for everything queued so far to be committed (or failed). */
	drain(): Promise<void> {
		return this.writer.drain();
	}

	private async commit(batch: PendingAppend[]): Promise<void> {
		try {
			await this.db.execute(insertBatch(batch));
		} catch (error) {
			this.stats.failures += batch.length;
			// The driver's error holds the batch's bytes; what travels on (into hooks and logs) does not.
			throw contentFreeError(error);
		}
		this.stats.appended += batch.length;
		this.stats.batches += 1;
		const committedAt = performance.now();
		for (const p of batch) {
			this.stats.bytes += p.update.byteLength;
			this.commitLatency.record((committedAt - p.queuedAt) / 1000);
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
