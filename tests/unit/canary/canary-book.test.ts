// The canary scanner must find a word in every form a leak takes, and name exactly which word it found.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanaryBook } from '../../support/canary/canary-book.ts';

describe('CanaryBook', () => {
	const book = new CanaryBook();
	const focus = book.mint('cycle.focus', ['coach']);
	const note = book.mint('stage.note', ['coach']);
	const words = (content: string | Uint8Array) => book.scan(content, 'test').map((s) => s.canary.word);

	it('finds a word as text, whatever its case, and says which field it is', () => {
		expect(words(`<p>The focus: ${focus.toUpperCase()}.</p>`)).toEqual([focus]);
		expect(book.scan(`x${note}x`, 'GET /x')[0]).toMatchObject({
			canary: { field: 'stage.note' },
			where: 'GET /x',
			encoding: 'text'
		});
		expect(words('nothing to see')).toEqual([]);
	});

	it('finds a word inside Yjs update bytes', () => {
		const doc = new Y.Doc();
		doc.getMap('goal').set('statement', `Students ${note} explain`);
		expect(words(Y.encodeStateAsUpdate(doc))).toEqual([note]);
	});

	it('finds a word in hex, in base64 at every alignment, and in a Buffer printed as JSON', () => {
		expect(words(`\\x${Buffer.from(`..${focus}..`).toString('hex')}`)).toEqual([focus]);
		for (const before of ['', 'a', 'ab'])
			expect(words(Buffer.from(`${before}${note}tail`).toString('base64'))).toEqual([note]);
		expect(words(JSON.stringify(Buffer.from(`{"t":"${focus}"}`)))).toEqual([focus]);
	});
});
