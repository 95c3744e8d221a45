// Access decisions are written to the ledger after the answer, not before it. Writing first made a refused
// look at an existing document measurably slower than a look at a missing one (a database write the other
// does not do), which told an outsider which document ids exist. Entries are group-written (GroupWriter):
// a batch goes out on the next turn of the event loop, a failed batch is retried, and shutdown waits for
// the queue, so a normal stop loses no row.
import type { Db } from '../db/client.ts';
import { GroupWriter } from '../db/group-writer.ts';
import { recordLedger, type LedgerEntry } from './ledger.ts';

const RETRY_DELAYS_MS = [100, 500, 2000, 5000];

export class LedgerQueue {
	private readonly writer: GroupWriter<LedgerEntry>;
	private failures = 0;

	constructor(
		db: Db,
		private readonly log: (message: string, fields?: Record<string, unknown>) => void,
		maxBatch: number
	) {
		this.writer = new GroupWriter((batch) => this.writeWithRetries(db, batch), maxBatch);
	}

	/** Queues the entry (nothing for null) and returns at once; the row is committed shortly after. */
	record(entry: LedgerEntry | null): void {
		if (!entry) return;
		// Failures are counted and logged by writeWithRetries; nothing is left to reject unhandled.
		this.writer.add(entry).catch(() => {});
	}

	/** Resolves once every entry queued so far is committed (or given up on). For shutdown and tests. */
	drain(): Promise<void> {
		return this.writer.drain();
	}

	/** Batches given up on after every retry. */
	get failedBatches(): number {
		return this.failures;
	}

	private async writeWithRetries(db: Db, batch: LedgerEntry[]): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			try {
				await recordLedger(db, batch);
				return;
			} catch (error) {
				const delay = RETRY_DELAYS_MS[attempt];
				if (delay === undefined) {
					this.failures += 1;
					// Ids and counts only: the ledger holds no content, and the log holds less.
					this.log('ledger write failed; entries lost', { entries: batch.length, error: String(error) });
					throw error;
				}
				await new Promise((resolve) => setTimeout(resolve, delay));
			}
		}
	}
}
