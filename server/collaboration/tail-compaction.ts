// The update log's tail is folded into the snapshot when Hocuspocus stores a document that is being left
// (its last client went), or whose tail has grown past LOADED_TAIL_BOUND. A store while people keep typing
// (2 s after the last edit, 10 s at most) folds nothing shorter: rewriting the whole snapshot for every few
// keystrokes costs a read of the snapshot, a Yjs merge and a full write each time, for nothing a load
// needs. Two cases leave the tail long meanwhile. A document loaded after a crash keeps the
// tail it had, and every cold load reads it again, because nobody stores a document nobody changed. And a
// document typed into fast can gather thousands of rows in 10 s. So once a tail passes a bound, it is
// folded at once, in the background, keeping a cold load at one snapshot row plus a bounded tail.

import { collaborationLimits } from './limits.ts';

/** A load that read more log rows than this folds them right away. */
export const LOADED_TAIL_BOUND = collaborationLimits.tail.loadedRows;
/** Rows appended since the last compaction that start one without waiting for Hocuspocus' store. */
export const GROWING_TAIL_BOUND = collaborationLimits.tail.growingRows;

export class TailCompaction {
	/** Log rows believed to be in each loaded document's tail. */
	private readonly tailRows = new Map<string, number>();
	private readonly running = new Set<string>();

	constructor(private readonly compact: (documentName: string) => Promise<void>) {}

	loaded(documentName: string, tailRows: number): void {
		this.tailRows.set(documentName, tailRows);
		if (tailRows > LOADED_TAIL_BOUND) this.start(documentName);
	}

	appended(documentName: string, rows: number): void {
		const tail = (this.tailRows.get(documentName) ?? 0) + rows;
		this.tailRows.set(documentName, tail);
		if (tail >= GROWING_TAIL_BOUND) this.start(documentName);
	}

	/** Whether Hocuspocus' store should fold the tail: always when the document is being left. */
	worthFoldingAtStore(documentName: string, beingLeft: boolean): boolean {
		return beingLeft || (this.tailRows.get(documentName) ?? 0) > LOADED_TAIL_BOUND;
	}

	/** A compaction (this one or the store's) folded the tail as it was when it began. */
	compacted(documentName: string, foldedRows: number): void {
		const tail = this.tailRows.get(documentName);
		if (tail !== undefined) this.tailRows.set(documentName, Math.max(0, tail - foldedRows));
	}

	forget(documentName: string): void {
		this.tailRows.delete(documentName);
	}

	private start(documentName: string): void {
		if (this.running.has(documentName)) return;
		this.running.add(documentName);
		void this.compact(documentName).finally(() => this.running.delete(documentName));
	}
}
