// The anchor follows the passage: inserts and deletes before, inside and after it, by one person or by two
// at once, and the passage's deletion, which leaves the thread "on deleted text".
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
	anchorForQuote,
	anchorForRange,
	bodyPlainText,
	placeAnchor
} from '../../../src/lib/domain/comment-anchors.ts';
import { addComment, addReply, readComments, setResolved } from '../../../src/lib/domain/comments.ts';

/** A body of paragraphs, as Tiptap's Collaboration writes it: XmlElement('paragraph') > XmlText. */
function docWith(...paragraphs: string[]): Y.Doc {
	const doc = new Y.Doc();
	const body = doc.getXmlFragment('body');
	body.insert(
		0,
		paragraphs.map((text) => {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(text)]);
			return paragraph;
		})
	);
	return doc;
}

function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
	const paragraph = doc.getXmlFragment('body').get(index) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

function replica(of: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(of));
	return copy;
}

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('an anchor on a passage', () => {
	const words = 'The students discussed the text in pairs.';
	const passage = 'discussed the text';
	const from = words.indexOf(passage);

	function anchored() {
		const doc = docWith(words);
		const anchor = anchorForRange(doc, from, from + passage.length);
		if (!anchor) throw new Error('no anchor');
		return { doc, anchor, text: paragraphText(doc, 0) };
	}

	it('covers the words it was made on, and quotes them', () => {
		const { doc, anchor } = anchored();
		expect(anchor.quote).toBe(passage);
		expect(placeAnchor(doc, anchor)).toEqual({ from, to: from + passage.length, text: passage });
	});

	it('follows an insert before it, and leaves out words typed right at either edge', () => {
		const { doc, anchor, text } = anchored();
		text.insert(0, 'Today ');
		expect(placeAnchor(doc, anchor)?.text).toBe(passage);
		text.insert(from + 'Today '.length, 'really ');
		expect(placeAnchor(doc, anchor)?.text).toBe(passage);
		text.insert(bodyPlainText(doc).indexOf(passage) + passage.length, ' aloud');
		expect(placeAnchor(doc, anchor)?.text).toBe(passage);
		expect(bodyPlainText(doc)).toBe('Today The students really discussed the text aloud in pairs.');
	});

	it('grows with words typed inside it and shrinks with words deleted inside it', () => {
		const { doc, anchor, text } = anchored();
		text.insert(from + 'discussed the '.length, 'whole ');
		expect(placeAnchor(doc, anchor)?.text).toBe('discussed the whole text');
		text.delete(from, 'discussed '.length);
		expect(placeAnchor(doc, anchor)?.text).toBe('the whole text');
	});

	it('is unmoved by inserts and deletes after it', () => {
		const { doc, anchor, text } = anchored();
		text.delete(from + passage.length, ' in pairs'.length);
		text.insert(text.length, ' Then they wrote.');
		expect(placeAnchor(doc, anchor)).toEqual({ from, to: from + passage.length, text: passage });
	});

	it('is gone once its words are deleted, and stays gone when words are typed where they were', () => {
		const { doc, anchor, text } = anchored();
		text.delete(from, passage.length);
		expect(placeAnchor(doc, anchor)).toBeNull();
		text.insert(from, 'argued');
		expect(placeAnchor(doc, anchor)).toBeNull();
	});

	it('is gone when its paragraph is deleted', () => {
		const doc = docWith('First.', words, 'Last.');
		const start = bodyPlainText(doc).indexOf(passage);
		const anchor = anchorForRange(doc, start, start + passage.length);
		if (!anchor) throw new Error('no anchor');
		doc.getXmlFragment('body').delete(1, 1);
		expect(placeAnchor(doc, anchor)).toBeNull();
		expect(bodyPlainText(doc)).toBe('First.\nLast.');
	});

	it('spans paragraphs, counting each break as one character', () => {
		const doc = docWith('One two', 'three four');
		const anchor = anchorForRange(doc, 4, 13);
		expect(anchor?.quote).toBe('two\nthree');
		paragraphText(doc, 0).insert(0, 'Zero ');
		expect(anchor && placeAnchor(doc, anchor)).toEqual({ from: 9, to: 18, text: 'two\nthree' });
	});

	it('refuses what is not a passage of text', () => {
		const doc = docWith('abc', 'def');
		expect(anchorForRange(doc, 2, 2)).toBeNull();
		expect(anchorForRange(doc, 3, 4)).toBeNull();
		expect(anchorForRange(doc, 0, 99)).toBeNull();
		expect(anchorForRange(doc, -1, 2)).toBeNull();
		expect(placeAnchor(doc, { start: 'not base64!', end: '' })).toBeNull();
	});

	it('finds a quote nearest the offset the person saw, and nothing when the words are gone', () => {
		const doc = docWith('a cat, a cat, a cat');
		const anchor = anchorForQuote(doc, 'a cat', 8);
		expect(anchor && placeAnchor(doc, anchor)).toEqual({ from: 7, to: 12, text: 'a cat' });
		expect(anchorForQuote(doc, 'a dog', 0)).toBeNull();
		expect(anchorForQuote(doc, '', 0)).toBeNull();
	});

	it('survives concurrent typing before, inside and after it, the same on both copies', () => {
		const { doc: coach, anchor } = anchored();
		const teacher = replica(coach);
		paragraphText(teacher, 0).insert(0, 'In class, ');
		paragraphText(coach, 0).insert(from + passage.length, ' closely');
		paragraphText(teacher, 0).insert('In class, '.length + from + 'discussed'.length, ' and annotated');
		sync(coach, teacher);
		for (const doc of [coach, teacher]) {
			expect(bodyPlainText(doc)).toBe(
				'In class, The students discussed and annotated the text closely in pairs.'
			);
			expect(placeAnchor(doc, anchor)?.text).toBe('discussed and annotated the text');
		}
	});

	it('is gone on both copies when one person deletes the passage while the other types elsewhere', () => {
		const { doc: coach, anchor } = anchored();
		const teacher = replica(coach);
		paragraphText(coach, 0).delete(from, passage.length);
		paragraphText(teacher, 0).insert(0, 'Today ');
		sync(coach, teacher);
		expect(placeAnchor(coach, anchor)).toBeNull();
		expect(placeAnchor(teacher, anchor)).toBeNull();
	});
});

// A model of the text as Yjs keeps it, deleted characters included: each character knows whether it belongs
// to the passage. A character typed between two of the passage's characters (deleted or not) belongs to it;
// one typed at either edge does not. Y.Text places a character typed next to deleted ones after them.
type ModelChar = { char: string; inside: boolean; deleted: boolean };

function modelInsert(model: ModelChar[], visibleAt: number, text: string): void {
	let index = 0;
	for (let seen = 0; seen < visibleAt; index++) if (!model[index]?.deleted) seen++;
	while (model[index]?.deleted) index++;
	const inside = (model[index - 1]?.inside ?? false) && (model[index]?.inside ?? false);
	model.splice(index, 0, ...[...text].map((char) => ({ char, inside, deleted: false })));
}

function modelDelete(model: ModelChar[], visibleAt: number, length: number): void {
	let seen = 0;
	for (const c of model) {
		if (c.deleted) continue;
		if (seen >= visibleAt && seen < visibleAt + length) c.deleted = true;
		seen++;
	}
}

const editArb = fc.oneof(
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		text: fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('x', 'y', ' ', 'é') })
	}),
	fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) })
);

describe('an anchor, under any sequence of edits (property)', () => {
	it('covers exactly the surviving characters of its passage and those typed inside it', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 2, maxLength: 20, unit: fc.constantFrom('a', 'b', 'c', ' ') }),
				fc.nat(),
				fc.nat(),
				fc.array(editArb, { maxLength: 12 }),
				(initial, x, y, edits) => {
					const a = x % initial.length;
					const b = a + 1 + (y % (initial.length - a));
					const doc = docWith(initial);
					const anchor = anchorForRange(doc, a, b);
					if (!anchor) return false;
					const text = paragraphText(doc, 0);
					const model = [...initial].map((char, i) => ({ char, inside: i >= a && i < b, deleted: false }));
					for (const edit of edits) {
						const visible = model.filter((c) => !c.deleted).length;
						if (edit.kind === 'insert') {
							const at = edit.at % (visible + 1);
							text.insert(at, edit.text);
							modelInsert(model, at, edit.text);
						} else if (visible > 0) {
							const at = edit.at % visible;
							const length = Math.min(edit.length, visible - at);
							text.delete(at, length);
							modelDelete(model, at, length);
						}
					}
					expect(text.toString()).toBe(
						model
							.filter((c) => !c.deleted)
							.map((c) => c.char)
							.join('')
					);
					const expected = model
						.filter((c) => c.inside && !c.deleted)
						.map((c) => c.char)
						.join('');
					const place = placeAnchor(doc, anchor);
					return expected === '' ? place === null : place?.text === expected;
				}
			),
			{ numRuns: 300 }
		);
	});

	it('lands on the same words on every copy after concurrent edits merge', () => {
		fc.assert(
			fc.property(fc.array(editArb, { maxLength: 6 }), fc.array(editArb, { maxLength: 6 }), (left, right) => {
				const one = docWith('alpha beta gamma delta');
				const anchor = anchorForRange(one, 6, 16);
				if (!anchor) return false;
				const two = replica(one);
				for (const [doc, edits] of [
					[one, left],
					[two, right]
				] as const) {
					const text = paragraphText(doc, 0);
					for (const edit of edits) {
						if (edit.kind === 'insert') text.insert(edit.at % (text.length + 1), edit.text);
						else if (text.length > 0) {
							const at = edit.at % text.length;
							text.delete(at, Math.min(edit.length, text.length - at));
						}
					}
				}
				sync(one, two);
				return JSON.stringify(placeAnchor(one, anchor)) === JSON.stringify(placeAnchor(two, anchor));
			}),
			{ numRuns: 200 }
		);
	});
});

describe('comment threads', () => {
	it('hold replies, resolve and reopen, and keep a thread whose passage was deleted', () => {
		const doc = docWith('We tried think-pair-share.');
		const anchor = anchorForQuote(doc, 'think-pair-share', 0);
		addComment(doc, {
			id: 't1',
			authorId: 'coach',
			text: 'How did it go?',
			at: '2026-12-03T10:00:00.000Z',
			mentions: ['teacher'],
			anchor
		});
		addReply(doc, 't1', {
			id: 'r1',
			authorId: 'teacher',
			text: 'Well!',
			at: '2026-12-03T10:01:00.000Z',
			mentions: []
		});
		setResolved(doc, 't1', { by: 'teacher', at: '2026-12-03T10:02:00.000Z' });
		let [thread] = readComments(doc);
		expect(thread).toMatchObject({
			text: 'How did it go?',
			mentions: ['teacher'],
			place: { text: 'think-pair-share' },
			replies: [{ id: 'r1', text: 'Well!' }],
			resolved: { by: 'teacher' }
		});
		setResolved(doc, 't1', null);
		paragraphText(doc, 0).delete(0, paragraphText(doc, 0).length);
		[thread] = readComments(doc);
		expect(thread).toMatchObject({ resolved: null, place: null, anchor: { quote: 'think-pair-share' } });
		expect(() =>
			addReply(doc, 'missing', { id: 'x', authorId: 'a', text: 'b', at: 'c', mentions: [] })
		).toThrow(/not found/);
	});

	it('keep both replies two people send at once', () => {
		const one = docWith('Text.');
		addComment(one, { id: 't', authorId: 'a', text: 'Q', at: '1', mentions: [], anchor: null });
		const two = replica(one);
		addReply(one, 't', { id: 'r1', authorId: 'a', text: 'one', at: '2', mentions: [] });
		addReply(two, 't', { id: 'r2', authorId: 'b', text: 'two', at: '3', mentions: [] });
		sync(one, two);
		expect(readComments(two)[0]?.replies.map((r) => r.text)).toEqual(['one', 'two']);
	});
});
