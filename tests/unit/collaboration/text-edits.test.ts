// The arithmetic of a field bound to a Y.Text: one input event as the smallest edit at the caret, and a
// caret carried through a co-writer's change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffEdit, transformPosition, type TextDelta } from '../../../src/lib/collab/text-edits.ts';

function apply(before: string, edit: ReturnType<typeof diffEdit>): string {
	if (!edit) return before;
	return before.slice(0, edit.index) + edit.insert + before.slice(edit.index + edit.remove);
}

describe('diffEdit', () => {
	it('is null when nothing changed', () => {
		expect(diffEdit('goal', 'goal', 2)).toBeNull();
	});

	it('finds typing, deleting and a paste over a selection', () => {
		expect(diffEdit('More students', 'More of the students', 12)).toEqual({
			index: 5,
			remove: 0,
			insert: 'of the '
		});
		expect(diffEdit('exit ticket', 'exit icket', 5)).toEqual({ index: 5, remove: 1, insert: '' });
		expect(diffEdit('3 of 24 students', '3 of 25 pupils', 14)).toEqual({
			index: 6,
			remove: 10,
			insert: '5 pupils'
		});
	});

	it('puts a repeated letter where the caret is', () => {
		// "a|a" + "a": the caret is at 2 afterwards, so the new letter is the one at 1.
		expect(diffEdit('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
		expect(diffEdit('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		expect(diffEdit('see  you', 'see   you', 5)).toEqual({ index: 4, remove: 0, insert: ' ' });
		// Backspace inside a run of the same letter.
		expect(diffEdit('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
	});

	it('never splits an emoji', () => {
		const edit = diffEdit('👍', '👎', 2);
		expect(edit).toEqual({ index: 0, remove: 2, insert: '👎' });
	});

	it('always turns the old text into the new one, wherever the caret is', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), fc.nat(), (before, after, caret) => {
				expect(apply(before, diffEdit(before, after, caret % (after.length + 1)))).toBe(after);
			})
		);
	});
});

describe('transformPosition', () => {
	const insertAt = (index: number, text: string): TextDelta => [{ retain: index }, { insert: text }];

	it('moves a caret after text inserted before it, and not for text after it', () => {
		expect(transformPosition(5, insertAt(2, 'abc'))).toBe(8);
		expect(transformPosition(5, insertAt(7, 'abc'))).toBe(5);
		expect(transformPosition(5, [{ insert: 'By June: ' }])).toBe(14);
	});

	it('keeps a caret before text a co-writer inserts right at it', () => {
		expect(transformPosition(5, insertAt(5, 'xyz'))).toBe(5);
	});

	it('pulls a caret back over deleted text, and to the start of a deletion around it', () => {
		expect(transformPosition(8, [{ retain: 2 }, { delete: 3 }])).toBe(5);
		expect(transformPosition(3, [{ retain: 2 }, { delete: 3 }])).toBe(2);
		expect(transformPosition(1, [{ retain: 2 }, { delete: 3 }])).toBe(1);
	});

	it('agrees with Yjs: a caret stays on the same character through any remote change', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1 }),
				fc.nat(),
				fc.nat(),
				fc.nat(),
				fc.string(),
				(initial, caretSeed, atSeed, removeSeed, insert) => {
					const doc = new Y.Doc();
					const text = doc.getText('t');
					text.insert(0, initial);
					const caret = caretSeed % (initial.length + 1);
					const at = atSeed % (initial.length + 1);
					const remove = removeSeed % (initial.length - at + 1);
					// The character right after the caret, when it survives, is still right after it.
					const anchor = Y.createRelativePositionFromTypeIndex(text, caret);
					let delta: TextDelta = [];
					text.observe((event) => (delta = event.delta as TextDelta));
					doc.transact(() => {
						if (remove > 0) text.delete(at, remove);
						if (insert !== '') text.insert(at, insert);
					});
					const expected = Y.createAbsolutePositionFromRelativePosition(anchor, doc)?.index;
					// Inside a deletion, or touching the spot where text is inserted, is a choice (tested above).
					const inside = caret > at && caret < at + remove;
					const touching = insert !== '' && (caret === at || caret === at + remove);
					if (!inside && !touching) expect(transformPosition(caret, delta)).toBe(expected);
				}
			)
		);
	});
});
