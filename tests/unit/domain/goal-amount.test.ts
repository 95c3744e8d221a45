// Baselines and targets as coaches write them: a number with an optional unit, or a ratio.
import { describe, expect, it } from 'vitest';
import { parseGoalAmount, readGoalAmount } from '../../../src/lib/domain/goal-amount.ts';

const amount = (raw: string) => {
	const reading = parseGoalAmount(raw);
	if (!reading.ok) throw new Error(reading.error);
	return reading.amount;
};

describe('parseGoalAmount', () => {
	it('reads a bare number, a percentage and a number with a unit', () => {
		expect(amount('40')).toEqual({ text: '40', value: 40, unit: '', of: null });
		expect(amount(' 35% ')).toEqual({ text: '35%', value: 35, unit: '%', of: null });
		expect(amount('35 %')).toEqual({ text: '35 %', value: 35, unit: '%', of: null });
		expect(amount('4 students')).toEqual({ text: '4 students', value: 4, unit: 'students', of: null });
		expect(amount('2.5 minutes')).toEqual({ text: '2.5 minutes', value: 2.5, unit: 'minutes', of: null });
		expect(amount('-3')).toEqual({ text: '-3', value: -3, unit: '', of: null });
	});

	it('reads a ratio as its count, keeping the whole', () => {
		expect(amount('3 of 24 students')).toEqual({
			text: '3 of 24 students',
			value: 3,
			unit: 'students',
			of: 24
		});
		expect(amount('3/24')).toEqual({ text: '3/24', value: 3, unit: '', of: 24 });
		expect(amount('18 out of 24 Students')).toEqual({
			text: '18 out of 24 Students',
			value: 18,
			unit: 'Students',
			of: 24
		});
	});

	it('takes an empty field as no value', () => {
		expect(parseGoalAmount('   ')).toEqual({ ok: true, amount: null });
	});

	it('explains what it cannot read, without echoing it', () => {
		for (const raw of ['about half', '%35', '3 of 0 students', '30 of 24', 'x'.repeat(61), '1e400']) {
			const reading = parseGoalAmount(raw);
			expect(reading.ok, raw).toBe(false);
			if (!reading.ok) expect(reading.error).not.toContain(raw);
		}
	});
});

describe('readGoalAmount', () => {
	it('reads what older documents stored (numbers) and what coaches type (text)', () => {
		expect(readGoalAmount(15)).toEqual({ text: '15', value: 15, unit: '', of: null });
		expect(readGoalAmount('35%')?.value).toBe(35);
		expect(readGoalAmount('about half')).toBeNull();
		expect(readGoalAmount(Number.NaN)).toBeNull();
		expect(readGoalAmount({ value: 3 })).toBeNull();
	});
});
