// The work budget of one update (server/collaboration/update-budget.ts): its count of structs and delete
// ranges must be Yjs' own, for every kind of content, and it must stop early on a hostile update.
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countUpdateWork, exceedsUpdateBudget } from '../../../server/collaboration/update-budget.ts';

/** What Yjs itself decodes from the update: its structs and its delete ranges. */
function yjsCount(update: Uint8Array): number {
	const { structs, ds } = Y.decodeUpdate(update);
	let ranges = 0;
	for (const deletions of ds.clients.values()) ranges += deletions.length;
	return structs.length + ranges;
}

type Edit = (doc: Y.Doc, n: number) => void;
const edits: Edit[] = [
	(doc, n) => doc.getText('text').insert(n % (doc.getText('text').length + 1), `word ${n} `),
	(doc, n) => doc.getText('text').format(0, Math.min(3, doc.getText('text').length), { bold: n % 2 === 0 }),
	(doc, n) => doc.getText('text').insertEmbed(0, { image: `i${n}` }),
	(doc, n) => {
		const text = doc.getText('text');
		if (text.length > 2) text.delete(n % (text.length - 1), 1);
	},
	(doc, n) => doc.getMap('map').set(`k${n % 5}`, { n, nested: [n, 'x', null, true, 1.5] }),
	(doc, n) => doc.getMap('map').set('bytes', new Uint8Array([n, n + 1])),
	(doc, n) => doc.getArray('list').insert(0, [n, `s${n}`, { deep: { n } }]),
	(doc) => {
		const list = doc.getArray('list');
		if (list.length > 0) list.delete(0, 1);
	},
	(doc, n) => {
		const element = new Y.XmlElement('paragraph');
		element.setAttribute('level', String(n));
		element.insert(0, [new Y.XmlText(`para ${n}`)]);
		doc.getXmlFragment('prosemirror').insert(0, [element]);
	},
	(doc, n) => doc.getMap('map').set('nested', new Y.Map([[`m${n}`, n]])),
	(doc, n) => doc.getMap('docs').set(`sub${n % 2}`, new Y.Doc({ guid: `sub-${n}` })),
	(doc, n) => {
		doc.getMap('map').set(`list${n % 2}`, new Y.Array());
	}
];

describe('the work one update carries', () => {
	it('is the number of structs and delete ranges Yjs decodes, for every kind of content', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(edits.length - 1), fc.nat(50), fc.boolean()), { maxLength: 60 }),
				fc.boolean(),
				(steps, incremental) => {
					const doc = new Y.Doc();
					const updates: Uint8Array[] = [];
					doc.on('update', (update: Uint8Array) => updates.push(update));
					for (const [which, n, otherClient] of steps) {
						if (otherClient) doc.clientID = 1 + (n % 3);
						edits[which]?.(doc, n);
					}
					const whole = Y.encodeStateAsUpdate(doc);
					for (const update of incremental ? updates : [whole])
						expect(countUpdateWork(update)).toBe(yjsCount(update));
					doc.destroy();
				}
			),
			{ numRuns: 150 }
		);
	});

	it('passes the budget only when the count does', () => {
		const doc = new Y.Doc();
		const list = doc.getArray<number>('list');
		for (let i = 0; i < 3000; i++) list.insert(0, [i]); // every item its own struct
		const update = Y.encodeStateAsUpdate(doc);
		const count = yjsCount(update);
		expect(count).toBe(3000);
		expect(exceedsUpdateBudget(update, count)).toBe(false);
		expect(exceedsUpdateBudget(update, count - 1)).toBe(true);
		// One long pasted text is one struct however many bytes it has.
		const paste = new Y.Doc();
		paste.getText('text').insert(0, 'x'.repeat(1_000_000));
		expect(exceedsUpdateBudget(Y.encodeStateAsUpdate(paste), 10)).toBe(false);
	});

	it('stops at the announced count of a hostile update without reading its structs', () => {
		// A million structs announced, and none of them written: counting must not need them.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 1_000_000);
		encoding.writeVarUint(encoder, 7);
		encoding.writeVarUint(encoder, 0);
		encoding.writeUint8Array(encoder, new Uint8Array(100_000));
		expect(exceedsUpdateBudget(encoding.toUint8Array(encoder), 10_000)).toBe(true);
	});

	it('refuses an update that ends inside a struct', () => {
		const doc = new Y.Doc();
		doc.getText('text').insert(0, 'y'.repeat(50_000));
		const update = Y.encodeStateAsUpdate(doc);
		expect(() => exceedsUpdateBudget(update.subarray(0, update.byteLength - 10), 100)).toThrow();
	});
});
