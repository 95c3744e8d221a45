import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../src/lib/domain/text-diff.ts';

describe('diffLines', () => {
	it('marks kept, removed and added lines in order', () => {
		expect(diffLines('goal\nbaseline 4\ntarget 15', 'goal\nbaseline 4 of 26\ntarget 15')).toEqual([
			{ type: 'same', text: 'goal' },
			{ type: 'removed', text: 'baseline 4' },
			{ type: 'added', text: 'baseline 4 of 26' },
			{ type: 'same', text: 'target 15' }
		]);
	});

	it('handles empty sides', () => {
		expect(diffLines('', 'a')).toEqual([{ type: 'added', text: 'a' }]);
		expect(diffLines('a', '')).toEqual([{ type: 'removed', text: 'a' }]);
		expect(diffLines('', '')).toEqual([]);
	});

	it('always reconstructs both texts (property)', () => {
		const text = fc
			.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 })
			.map((l) => l.join('\n'));
		fc.assert(
			fc.property(text, text, (before, after) => {
				const diff = diffLines(before, after);
				const a = before === '' ? [] : before.split('\n');
				const b = after === '' ? [] : after.split('\n');
				expect(diff.filter((d) => d.type !== 'added').map((d) => d.text)).toEqual(a);
				expect(diff.filter((d) => d.type !== 'removed').map((d) => d.text)).toEqual(b);
			}),
			{ numRuns: 300 }
		);
	});
});
