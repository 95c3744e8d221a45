// Issue 16 §1: two people typing at the same place keep their own words whole. Two editors, each bound
// to its own Y.Doc by y-tiptap exactly as on the document page, exchange their updates at chosen moments,
// so each interleaving is reproduced exactly. The first two tests pin the cause in y-tiptap 3.0.9 alone;
// the rest show that src/lib/components/editor/caret-on-its-character.ts keeps each caret on its own
// character.
import fc from 'fast-check';
import { Plugin } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { exactSelectionAfterRemoteChange } from '../../../src/lib/components/editor/caret-on-its-character.ts';
import { writeTypingAtCaret } from '../../../src/lib/components/editor/typed-where-typed.ts';
import { deliver, exchange, headlessEditor, type HeadlessEditor } from '../../support/headless-editor.ts';

/** The document page's editor adds both plugins (the typing one's view runs before y-tiptap's); a test
 * may leave either out to show the cause it removes. */
const plugins = (fix: { caret: boolean; typing: boolean }) => ({
	before: fix.typing
		? [
				new Plugin({
					view: () => ({ update: (view, previous) => void writeTypingAtCaret(previous, view.state) })
				})
			]
		: [],
	after: fix.caret
		? [new Plugin({ appendTransaction: (trs, _old, state) => exactSelectionAfterRemoteChange(trs, state) })]
		: []
});
const BOTH = { caret: true, typing: true };

/** Two people in one document that reads "Notes", each with the caret at its end. */
function twoAtTheEnd(fix: { caret: boolean; typing: boolean }): [HeadlessEditor, HeadlessEditor] {
	const ana = headlessEditor(1, plugins(fix));
	const ben = headlessEditor(2, plugins(fix));
	ana.type('Notes');
	deliver(ana, ben);
	ana.toEnd();
	ben.toEnd();
	return [ana, ben];
}

/** Both type one character at a time, each sending every keystroke as the other sends theirs. */
function typeTogether(ana: HeadlessEditor, ben: HeadlessEditor, anaText: string, benText: string) {
	for (let i = 0; i < Math.max(anaText.length, benText.length); i++) {
		if (i < anaText.length) ana.type(anaText.charAt(i));
		if (i < benText.length) ben.type(benText.charAt(i));
		exchange(ana, ben);
	}
}

describe('y-tiptap 3.0.9 (the causes, each shown with the other one fixed)', () => {
	it('writes a space typed before a co-writer’s space after it, so words glue and a space moves', () => {
		const [ana, ben] = twoAtTheEnd({ caret: true, typing: false });
		ana.type(' ');
		deliver(ana, ben);
		// Ben's caret stays after "Notes", in front of Ana's space, as Yjs says it should.
		expect(ben.view.state.selection.from).toBe(6);
		typeTogether(ana, ben, 'alpha', ' gamma');
		const text = ana.paragraphs()[0] ?? '';
		expect(ben.paragraphs()[0]).toBe(text);
		expect(text.includes(' alpha') && text.includes(' gamma')).toBe(false);
	});

	it('puts a caret in the other person’s new paragraph when both press Enter at the end', () => {
		const [ana, ben] = twoAtTheEnd({ caret: false, typing: true });
		ana.enter();
		ben.enter();
		exchange(ana, ben);
		typeTogether(ana, ben, 'Ana', 'Ben');
		expect(ana.paragraphs()).toEqual(ben.paragraphs());
		expect(ana.paragraphs().slice(1).sort()).not.toEqual(['Ana', 'Ben']);
	});
});

describe('with each caret kept on its own character', () => {
	it('keeps both words whole when two append to one paragraph at once', () => {
		const [ana, ben] = twoAtTheEnd(BOTH);
		typeTogether(ana, ben, ' alpha beta', ' gamma delta');
		const text = ana.paragraphs()[0] ?? '';
		expect(ben.paragraphs()).toEqual(ana.paragraphs());
		expect(text).toContain(' alpha beta');
		expect(text).toContain(' gamma delta');
		expect(text.length).toBe('Notes alpha beta gamma delta'.length);
	});

	it('keeps each person in their own new paragraph when both press Enter at the end', () => {
		const [ana, ben] = twoAtTheEnd(BOTH);
		ana.enter();
		ben.enter();
		exchange(ana, ben);
		typeTogether(ana, ben, 'Ana: exit tickets', 'Ben: small groups');
		expect(ben.paragraphs()).toEqual(ana.paragraphs());
		expect(ana.paragraphs()[0]).toBe('Notes');
		expect(ana.paragraphs().slice(1).sort()).toEqual(['Ana: exit tickets', 'Ben: small groups']);
	});

	it('keeps every word whole for any interleaving of keystrokes and deliveries', { timeout: 60_000 }, () => {
		const line = fc.stringMatching(/^[a-z]{1,5}( [a-z]{1,5}){0,3}$/);
		const step = fc.constantFrom('ana', 'ben', 'toAna', 'toBen', 'both');
		fc.assert(
			fc.property(
				fc.record({ anaText: line, benText: line, anaEnter: fc.boolean(), benEnter: fc.boolean() }),
				fc.array(step, { minLength: 1, maxLength: 40 }),
				({ anaText, benText, anaEnter, benEnter }, schedule) => {
					const [ana, ben] = twoAtTheEnd(BOTH);
					if (anaEnter) ana.enter();
					if (benEnter) ben.enter();
					const writing = {
						ana: anaEnter ? anaText : ` ${anaText}`,
						ben: benEnter ? benText : ` ${benText}`
					};
					const typed = { ana: 0, ben: 0 };
					const typeNext = (who: 'ana' | 'ben') => {
						const text = writing[who];
						if (typed[who] < text.length) (who === 'ana' ? ana : ben).type(text.charAt(typed[who]++));
					};
					for (const action of schedule) {
						if (action === 'ana' || action === 'ben') typeNext(action);
						else if (action === 'toAna') deliver(ben, ana);
						else if (action === 'toBen') deliver(ana, ben);
						else exchange(ana, ben);
					}
					while (typed.ana < writing.ana.length || typed.ben < writing.ben.length) {
						typeNext('ana');
						typeNext('ben');
						exchange(ana, ben);
					}
					exchange(ana, ben);
					const blocks = ana.paragraphs();
					expect(ben.paragraphs()).toEqual(blocks);
					expect(blocks.some((block) => block.includes(writing.ana))).toBe(true);
					expect(blocks.some((block) => block.includes(writing.ben))).toBe(true);
				}
			),
			{ numRuns: 150 }
		);
	});
});
