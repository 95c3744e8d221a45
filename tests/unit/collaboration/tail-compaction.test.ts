// When a long log tail is folded without waiting for Hocuspocus' store.
import { describe, expect, it } from 'vitest';
import {
	GROWING_TAIL_BOUND,
	LOADED_TAIL_BOUND,
	TailCompaction
} from '../../../server/collaboration/tail-compaction.ts';

function recorder() {
	const started: string[] = [];
	let finish: () => void = () => {};
	const compaction = new TailCompaction(async (documentName) => {
		started.push(documentName);
		await new Promise<void>((resolve) => (finish = resolve));
	});
	return { compaction, started, finish: () => finish() };
}

describe('TailCompaction', () => {
	it('folds a long tail found at load at once, and a short one not', () => {
		const { compaction, started } = recorder();
		compaction.loaded('short', LOADED_TAIL_BOUND);
		compaction.loaded('long', LOADED_TAIL_BOUND + 1);
		expect(started).toEqual(['long']);
	});

	it('folds a growing tail when it reaches the bound, once at a time, and counts what was folded', async () => {
		const { compaction, started, finish } = recorder();
		compaction.loaded('doc', 0);
		for (let i = 0; i < GROWING_TAIL_BOUND - 1; i++) compaction.appended('doc', 1);
		expect(started).toEqual([]);
		compaction.appended('doc', 1);
		compaction.appended('doc', 1); // still running: not started twice
		expect(started).toEqual(['doc']);
		compaction.compacted('doc', GROWING_TAIL_BOUND);
		finish();
		await new Promise((resolve) => setImmediate(resolve));
		// One row was left after the fold; the bound is counted again from there.
		for (let i = 0; i < GROWING_TAIL_BOUND - 2; i++) compaction.appended('doc', 1);
		expect(started).toEqual(['doc']);
		compaction.appended('doc', 1);
		expect(started).toEqual(['doc', 'doc']);
	});
});
