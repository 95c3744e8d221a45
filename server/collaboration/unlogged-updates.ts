// Appends to the update log, and the queue of updates whose append failed. Such an update is already in
// the document's memory (and at its peers): a client whose append failed is disconnected and re-sends on
// reconnect, but by then the server's document has the update, so the re-send integrates nothing. Without
// this queue its acknowledgement would cover an update that is in no row at all. So a document's queue is
// committed before anything on it is acknowledged, stored, folded or unloaded.
import type { UpdateLog } from '../../src/lib/server/documents/update-log.ts';

interface Unlogged {
	documentId: string;
	update: Uint8Array;
	userId: string | null;
}

export class UnloggedUpdates {
	private readonly queues = new Map<string, Unlogged[]>();
	private readonly committing = new Map<string, Promise<void>>();
	/** Appends still in flight, awaited before a store. */
	private readonly inFlight = new Set<Promise<void>>();

	constructor(
		private readonly updateLog: UpdateLog,
		/** Rows committed for a document (the tail compaction counts them). */
		private readonly onAppended: (documentName: string, rows: number) => void
	) {}

	/** Updates applied in memory and not yet committed, across documents. */
	get count(): number {
		let count = 0;
		for (const queue of this.queues.values()) count += queue.length;
		return count;
	}

	has(documentName: string): boolean {
		return this.queues.has(documentName);
	}

	/** Appends one update; on failure it joins the document's queue and the error is rethrown. */
	append(documentName: string, documentId: string, update: Uint8Array, userId: string | null): Promise<void> {
		const append = (async () => {
			try {
				await this.updateLog.append(documentId, update, userId);
				this.onAppended(documentName, 1);
			} catch (error) {
				const queue = this.queues.get(documentName) ?? [];
				queue.push({ documentId, update, userId });
				this.queues.set(documentName, queue);
				throw error;
			}
		})();
		const settled = append.then(
			() => {},
			() => {}
		);
		this.inFlight.add(settled);
		void settled.then(() => this.inFlight.delete(settled));
		return append;
	}

	/** Waits for every append in flight to commit or fail. */
	async settled(): Promise<void> {
		await Promise.all([...this.inFlight]);
	}

	/** Commits a document's queue, one attempt at a time; rejects while the database refuses. */
	commitPending(documentName: string): Promise<void> {
		if (!this.queues.has(documentName)) return Promise.resolve();
		const running = this.committing.get(documentName);
		if (running) return running;
		const attempt = (async () => {
			try {
				const queue = this.queues.get(documentName) ?? [];
				const batch = queue.splice(0);
				const results = await Promise.allSettled(
					batch.map((u) => this.updateLog.append(u.documentId, u.update, u.userId))
				);
				const failed = batch.filter((_, i) => results[i]?.status === 'rejected');
				// Failed ones go back to the front, ahead of anything that failed meanwhile, keeping Yjs order.
				queue.unshift(...failed);
				if (queue.length === 0) this.queues.delete(documentName);
				const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
				if (rejection) throw rejection.reason;
			} finally {
				this.committing.delete(documentName);
			}
		})();
		this.committing.set(documentName, attempt);
		return attempt;
	}
}
