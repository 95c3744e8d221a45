// How long one valid update holds the event loop while Yjs integrates it: the work a single frame can
// cause (issue 14, finding 7). Builds updates of n items that cannot merge (each inserted at the front of
// a Y.Array, so every item has its own origin), checks the frame size, and times Y.applyUpdate on a fresh
// document, which is what the server's beforeHandleMessage does with an edit (design §5).
// `npm exec -- node --import tsx bench/frame-stall.ts [items…]`; prints one line per size.
import * as Y from 'yjs';

function unmergeableUpdate(items: number): Uint8Array {
	const doc = new Y.Doc();
	const list = doc.getArray<number>('list');
	for (let i = 0; i < items; i++) list.insert(0, [i]);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

function applyMs(update: Uint8Array): number {
	const doc = new Y.Doc();
	const started = performance.now();
	Y.applyUpdate(doc, update);
	const ms = performance.now() - started;
	doc.destroy();
	return ms;
}

const sizes = process.argv
	.slice(2)
	.map(Number)
	.filter((n) => n > 0);
for (const items of sizes.length > 0 ? sizes : [10_000, 25_000, 50_000, 100_000, 150_000]) {
	const update = unmergeableUpdate(items);
	const runs = [applyMs(update), applyMs(update), applyMs(update)].sort((a, b) => a - b);
	console.log(
		JSON.stringify({
			items,
			updateKiB: Math.round(update.byteLength / 1024),
			applyMs: { min: Math.round(runs[0] ?? 0), median: Math.round(runs[1] ?? 0) }
		})
	);
}
