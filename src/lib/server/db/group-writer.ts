// Group commit: writes queued from every connection and document go out together, one statement a batch,
// so one round trip (and one fsync) serves many callers instead of queueing them one by one. A batch is
// taken once the current one has committed, so the busier the database, the larger the batches.

interface Queued<T> {
	item: T;
	resolve(): void;
	reject(error: unknown): void;
}

export class GroupWriter<T> {
	private queue: Queued<T>[] = [];
	private flushing: Promise<void> | null = null;

	/**
	 * `write` commits a whole batch in one statement, in order, or throws and none of it counts. `maxBatch`
	 * is the caller's, named with its reason (server/collaboration/limits.ts).
	 */
	constructor(
		private readonly write: (batch: T[]) => Promise<void>,
		private readonly maxBatch: number
	) {}

	/** Resolves once the item's batch is committed; rejects with the batch's error. */
	add(item: T): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queue.push({ item, resolve, reject });
			if (!this.flushing) this.flushing = this.flushLoop();
		});
	}

	/** Waits for everything queued so far to be committed (or failed). */
	async drain(): Promise<void> {
		while (this.flushing) await this.flushing;
	}

	private async flushLoop(): Promise<void> {
		// Yield once so writes arriving in the same tick share the first batch.
		await new Promise((resolve) => setImmediate(resolve));
		try {
			while (this.queue.length > 0) {
				const batch = this.queue.splice(0, this.maxBatch);
				try {
					await this.write(batch.map((queued) => queued.item));
					for (const queued of batch) queued.resolve();
				} catch (error) {
					for (const queued of batch) queued.reject(error);
				}
			}
		} finally {
			this.flushing = null;
		}
	}
}
