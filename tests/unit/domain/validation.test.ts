// The shared boundary schemas: what text is stored as, which ids pass, and the errors a person reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../src/lib/domain/errors.ts';
import {
	cleanText,
	flag,
	id,
	idList,
	isId,
	oneOf,
	optionalDate,
	parseField,
	parseInput,
	text
} from '../../../src/lib/domain/validation/index.ts';
import { cycleFilters, finalMeasurement, newCycle } from '../../../src/lib/domain/validation/cycles.ts';

const ID = '3f2b8c1e-9d4a-4b7e-8f00-1234567890ab';

describe('cleanText', () => {
	it('drops NUL and other control characters and keeps the words', () => {
		expect(cleanText('Fractions\u0000 unit\u0007')).toBe('Fractions unit');
		expect(cleanText('\u001b[31mred')).toBe('[31mred');
		expect(cleanText('a\u0085b\u009fc')).toBe('abc');
	});

	it('puts one-line text on one line and keeps lines in multi-line text', () => {
		expect(cleanText('line one\nline two\ttab\u2028sep')).toBe('line one line two tab sep');
		expect(cleanText('line one\r\nline two\ttab\u2028sep', true)).toBe('line one\nline two\ttab\nsep');
	});

	it('normalises to NFC and replaces lone surrogates', () => {
		expect(cleanText('Cafe\u0301')).toBe('Café');
		expect(cleanText('x\ud800y')).toBe('x\ufffdy');
		expect(cleanText('\udc00')).toBe('\ufffd');
		expect(cleanText('emoji 😀 stays')).toBe('emoji 😀 stays');
	});

	it('always gives text Postgres stores: no NUL, well-formed, trimmed, idempotent', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.boolean(), (raw, multiline) => {
				const cleaned = cleanText(raw, multiline);
				expect(cleaned).not.toContain('\u0000');
				expect(() => encodeURIComponent(cleaned)).not.toThrow();
				expect(cleaned).toBe(cleaned.trim());
				expect(cleanText(cleaned, multiline)).toBe(cleaned);
			}),
			{ numRuns: 50 }
		);
	});
});

describe('text', () => {
	const title = text({ min: 1, max: 10, message: 'A title has 1 to 10 characters.' });
	const note = text({ max: 5, multiline: true, truncate: true, message: 'A note is text.' });

	it('cleans, then bounds', () => {
		expect(title.parse('  Hi\u0000 there ')).toBe('Hi there');
		expect(title.safeParse('\u0000\u0007').success).toBe(false);
		expect(title.safeParse('x'.repeat(11)).success).toBe(false);
		expect(title.safeParse(42).success).toBe(false);
		expect(title.safeParse(undefined).success).toBe(false);
	});

	it('makes an optional field of min 0: absent and null are empty; truncate cuts instead of refusing', () => {
		expect(note.parse(undefined)).toBe('');
		expect(note.parse(null)).toBe('');
		expect(note.parse('abcdefgh')).toBe('abcde');
		expect(note.safeParse({}).success).toBe(false);
	});
});

describe('ids', () => {
	it('accepts the project’s UUIDs only', () => {
		expect(isId(ID)).toBe(true);
		expect(isId(crypto.randomUUID())).toBe(true);
		for (const bad of [ID.toUpperCase(), `${ID} `, `${ID}\u0000`, '', 'not-an-id', 42, null])
			expect(isId(bad)).toBe(false);
		expect(id().safeParse('\u0000').success).toBe(false);
	});

	it('dedupes a list and bounds its length', () => {
		const list = idList({ max: 2, message: 'A list of ids.' });
		expect(list.parse([ID, ID])).toEqual([ID]);
		expect(list.safeParse([ID, 'x']).success).toBe(false);
		expect(list.safeParse([ID, crypto.randomUUID(), crypto.randomUUID()]).success).toBe(false);
		expect(list.safeParse('x').success).toBe(false);
	});
});

describe('fields', () => {
	it('reads dates, choices and flags as forms and JSON send them', () => {
		expect(optionalDate().parse('')).toBeNull();
		expect(optionalDate().parse(undefined)).toBeNull();
		expect(optionalDate().parse('2024-02-29')).toBe('2024-02-29');
		expect(optionalDate().safeParse('2023-02-29').success).toBe(false);
		expect(oneOf(['read', 'comment'], 'Choose.').safeParse('write').success).toBe(false);
		expect(flag.parse('on')).toBe(true);
		expect(flag.parse(false)).toBe(false);
	});
});

describe('parseInput and parseField', () => {
	it('throw invalid_request with one sentence per bad field', () => {
		const schema = z.object({
			title: text({ min: 1, max: 5, message: 'Give a title.' }),
			when: optionalDate()
		});
		let caught: unknown;
		try {
			parseInput(schema, { title: '', when: 'soon' });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(AppError);
		const error = caught as AppError;
		expect(error.status).toBe(400);
		expect(error.details).toEqual({ title: 'Give a title.', when: 'Dates are written YYYY-MM-DD.' });
		expect(error.message).toBe('Give a title. Dates are written YYYY-MM-DD.');
	});

	it('never repeat the input in an error (it may be coaching content)', () => {
		const secret = 'Ms. Rivera cried in the debrief';
		try {
			parseField('title', text({ min: 1, max: 5, message: 'Too long.' }), secret);
		} catch (error) {
			expect(
				JSON.stringify({ message: (error as AppError).message, details: (error as AppError).details })
			).not.toContain('Rivera');
		}
		expect.assertions(1);
	});

	it('name the field a person filled in, not the position in a list', () => {
		const schema = z.object({ memberIds: idList({ max: 5, message: 'A list of member ids.' }) });
		expect(() => parseInput(schema, { memberIds: [ID, 'x'] })).toThrow(
			expect.objectContaining({ details: { memberIds: 'A list of member ids.' } })
		);
	});

	it('name a single field’s error by the field', () => {
		expect(() => parseField('kind', oneOf(['goal'], 'Choose a kind.'), 'x')).toThrow(
			expect.objectContaining({ details: { kind: 'Choose a kind.' } })
		);
	});
});

describe('cycle inputs', () => {
	it('check the target date after the start and name the field', () => {
		const parsed = newCycle.safeParse({ title: 'T', startDate: '2026-03-01', targetDate: '2026-01-01' });
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.path).toEqual(['targetDate']);
	});

	it('read list filters from a query string, empty meaning none', () => {
		expect(
			cycleFilters.parse({ stage: '', status: null, teacherId: '', coachId: null, archived: null, q: null })
		).toEqual({ archived: false, q: '' });
		expect(cycleFilters.safeParse({ teacherId: '\u0000' }).success).toBe(false);
		expect(cycleFilters.parse({ q: `  ${'x'.repeat(150)}` }).q).toHaveLength(100);
	});

	it('read the final measurement as a number, from JSON or a form field', () => {
		expect(finalMeasurement.parse({ finalValue: ' 3.5 ' })).toEqual({
			finalValue: 3.5,
			finalDate: null,
			finalNote: ''
		});
		expect(finalMeasurement.parse({ finalValue: '' })).toEqual({ finalDate: null, finalNote: '' });
		for (const bad of ['abc', Infinity, Number.NaN, true, [3]])
			expect(finalMeasurement.safeParse({ finalValue: bad }).success).toBe(false);
	});
});
