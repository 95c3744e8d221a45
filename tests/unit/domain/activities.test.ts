// Coaching activities: what a form may submit, and the calendar week a coach sees, in their own time zone.
import { addDays } from '../../../src/lib/domain/calendar-date.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	ACTIVITY_TYPES,
	activityTypeLabels,
	dateKeyInZone,
	defaultActivityMinutes,
	instantFromWallTime,
	isActivityType,
	mondayOf,
	parseInstant,
	startOfDayInZone,
	timeKeyInZone,
	wallClockInZone,
	weekRange
} from '../../../src/lib/domain/activities.ts';
import { AppError } from '../../../src/lib/domain/errors.ts';
import { parseActivityInput } from '../../../src/lib/domain/validation/activities.ts';

const HOUR = 3_600_000;

function refusal(run: () => unknown): AppError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	}
	throw new Error('expected the input to be refused');
}

describe('activity types', () => {
	it('have a label and a sensible default length each', () => {
		expect(ACTIVITY_TYPES.map((type) => activityTypeLabels[type])).toEqual([
			'Pre-conference',
			'Observation',
			'Debrief',
			'Co-planning',
			'Modeling (demonstration lesson)',
			'Co-teaching',
			'Check-in'
		]);
		for (const type of ACTIVITY_TYPES) {
			expect(Number.isInteger(defaultActivityMinutes[type])).toBe(true);
			expect(defaultActivityMinutes[type]).toBeGreaterThanOrEqual(5);
			expect(defaultActivityMinutes[type]).toBeLessThanOrEqual(600);
		}
	});

	it('are recognised by name only', () => {
		for (const type of ACTIVITY_TYPES) expect(isActivityType(type)).toBe(true);
		for (const value of ['Observation', 'walkthrough', '', null, 3, {}])
			expect(isActivityType(value)).toBe(false);
	});
});

describe('parseActivityInput', () => {
	const valid = {
		type: 'observation',
		title: 'Observe the fractions lesson',
		startsAt: '2025-03-04T09:30:00-05:00',
		durationMinutes: 50,
		location: 'Room 12'
	};

	it('accepts a complete activity and keeps the instant', () => {
		expect(parseActivityInput(valid)).toEqual({
			type: 'observation',
			title: 'Observe the fractions lesson',
			startsAt: new Date('2025-03-04T14:30:00Z'),
			durationMinutes: 50,
			location: 'Room 12'
		});
	});

	it('fills in the title, duration and location when they are left out', () => {
		expect(parseActivityInput({ type: 'debrief', startsAt: '2025-03-04T14:30:00Z' })).toEqual({
			type: 'debrief',
			title: 'Debrief',
			startsAt: new Date('2025-03-04T14:30:00Z'),
			durationMinutes: defaultActivityMinutes.debrief,
			location: ''
		});
		const blank = parseActivityInput({ ...valid, title: '   ', durationMinutes: '', location: '' });
		expect(blank.title).toBe('Observation');
		expect(blank.durationMinutes).toBe(defaultActivityMinutes.observation);
	});

	it('takes form strings: durations as digits, titles trimmed onto one line', () => {
		const parsed = parseActivityInput({ ...valid, title: '  Co-plan\r\nunit 4\t', durationMinutes: ' 45 ' });
		expect(parsed.title).toBe('Co-plan unit 4');
		expect(parsed.durationMinutes).toBe(45);
	});

	it('accepts a Date, Z or an offset, with or without seconds and fractions', () => {
		const at = new Date('2025-03-04T14:30:00Z');
		for (const startsAt of [
			at,
			'2025-03-04T14:30Z',
			'2025-03-04T14:30:00Z',
			'2025-03-04T14:30:00.000Z',
			'2025-03-04T15:30:00+01:00',
			'2025-03-04T20:00:00.000000+0530',
			'2025-03-04t14:30:00z'
		])
			expect(parseActivityInput({ ...valid, startsAt }).startsAt).toEqual(at);
		// The parsed Date is a copy: changing the caller's Date does not move the activity.
		const parsed = parseActivityInput({ ...valid, startsAt: at });
		at.setUTCHours(0);
		expect(parsed.startsAt.toISOString()).toBe('2025-03-04T14:30:00.000Z');
	});

	it('refuses times without an offset and impossible dates', () => {
		for (const startsAt of [
			'2025-03-04T09:30',
			'2025-03-04T09:30:00',
			'2025-03-04',
			'2025-02-29T09:30:00Z',
			'2025-13-01T09:30:00Z',
			'2025-03-04T24:00:00Z',
			'2025-03-04T09:60:00Z',
			'2025-03-04T09:30:00+25:00',
			'next Tuesday',
			new Date(Number.NaN),
			1741098600000,
			undefined
		]) {
			const error = refusal(() => parseActivityInput({ ...valid, startsAt }));
			expect(Object.keys(error.details ?? {})).toEqual(['startsAt']);
		}
		expect(parseInstant('2024-02-29T12:00:00Z')).toEqual(new Date('2024-02-29T12:00:00Z'));
	});

	it('keeps durations to whole minutes from 5 to 600', () => {
		for (const durationMinutes of [5, 600, '5', '600'])
			expect(parseActivityInput({ ...valid, durationMinutes }).durationMinutes).toBe(Number(durationMinutes));
		for (const durationMinutes of [4, 601, 0, -30, 30.5, '30.5', '1e2', 'an hour', Number.NaN, true]) {
			const error = refusal(() => parseActivityInput({ ...valid, durationMinutes }));
			expect(error.details).toEqual({ durationMinutes: 'Whole minutes, 5 to 600.' });
		}
	});

	it('limits title and location to 200 characters, counting an emoji as one', () => {
		expect(parseActivityInput({ ...valid, title: '🍎'.repeat(200) }).title).toBe('🍎'.repeat(200));
		expect(refusal(() => parseActivityInput({ ...valid, title: 'a'.repeat(201) })).details).toEqual({
			title: 'Use at most 200 characters.'
		});
		expect(refusal(() => parseActivityInput({ ...valid, location: 'b'.repeat(201) })).details).toEqual({
			location: 'Use at most 200 characters.'
		});
		expect(refusal(() => parseActivityInput({ ...valid, title: 42 })).details).toEqual({
			title: 'The title must be text.'
		});
	});

	it('reports every bad field at once', () => {
		const error = refusal(() =>
			parseActivityInput({ type: 'lunch', startsAt: 'soon', durationMinutes: 1000, location: ['x'] })
		);
		expect(error.code).toBe('invalid_request');
		expect(Object.keys(error.details ?? {}).sort()).toEqual([
			'durationMinutes',
			'location',
			'startsAt',
			'type'
		]);
		expect(error.message).toContain('Choose an activity type');
		expect(error.message).toContain('time zone offset');
	});

	it('does not default the duration of an activity whose type is unknown', () => {
		const error = refusal(() => parseActivityInput({ startsAt: '2025-03-04T14:30:00Z' }));
		expect(Object.keys(error.details ?? {}).sort()).toEqual(['durationMinutes', 'type']);
	});
});

describe('calendar days in a time zone', () => {
	it('are the local date and time, not UTC', () => {
		const lateEvening = new Date('2025-03-05T03:30:00Z');
		expect(dateKeyInZone(lateEvening, 'America/Los_Angeles')).toBe('2025-03-04');
		expect(timeKeyInZone(lateEvening, 'America/Los_Angeles')).toBe('19:30');
		expect(dateKeyInZone(lateEvening, 'Asia/Kolkata')).toBe('2025-03-05');
		expect(timeKeyInZone(lateEvening, 'Asia/Kolkata')).toBe('09:00');
		expect(timeKeyInZone(new Date('2025-03-05T05:00:00Z'), 'America/New_York')).toBe('00:00');
	});

	it('refuse an unknown time zone with a clear error', () => {
		const error = refusal(() => dateKeyInZone(new Date(), 'Mars/Olympus_Mons'));
		expect(error.details).toEqual({ timeZone: 'Unknown time zone.' });
	});

	it('do arithmetic across months, leap days and years', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-12-29', 7)).toBe('2026-01-05');
		expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
		expect(mondayOf('2026-01-01')).toBe('2025-12-29'); // a Thursday
		expect(mondayOf('2025-03-09')).toBe('2025-03-03'); // a Sunday
		expect(mondayOf('2025-03-10')).toBe('2025-03-10'); // a Monday
	});

	it('start where the day begins, even when a DST change skips midnight', () => {
		// Chile springs forward at midnight: 2024-09-08 begins at 01:00 local time.
		const santiago = startOfDayInZone('2024-09-08', 'America/Santiago');
		expect(santiago.toISOString()).toBe('2024-09-08T04:00:00.000Z');
		expect(dateKeyInZone(new Date(santiago.getTime() - 1), 'America/Santiago')).toBe('2024-09-07');
		expect(startOfDayInZone('2025-03-09', 'America/New_York').toISOString()).toBe('2025-03-09T05:00:00.000Z');
		expect(startOfDayInZone('2025-01-01', 'Pacific/Kiritimati').toISOString()).toBe(
			'2024-12-31T10:00:00.000Z'
		);
	});
});

describe('weekRange', () => {
	it('is the Monday-to-Sunday week around the anchor, in the coach’s zone', () => {
		// Sunday 23:30 in New York is already Monday in UTC: the week is still the New York one.
		const week = weekRange(new Date('2025-03-17T03:30:00Z'), 'America/New_York');
		expect(week.days).toEqual([
			'2025-03-10',
			'2025-03-11',
			'2025-03-12',
			'2025-03-13',
			'2025-03-14',
			'2025-03-15',
			'2025-03-16'
		]);
		expect(week.start.toISOString()).toBe('2025-03-10T04:00:00.000Z');
		expect(week.end.toISOString()).toBe('2025-03-17T04:00:00.000Z');
	});

	it('is 167 hours long when clocks spring forward and 169 when they fall back', () => {
		const spring = weekRange(new Date('2025-03-06T12:00:00Z'), 'America/New_York');
		expect(spring.start.toISOString()).toBe('2025-03-03T05:00:00.000Z');
		expect(spring.end.toISOString()).toBe('2025-03-10T04:00:00.000Z');
		expect(spring.end.getTime() - spring.start.getTime()).toBe(167 * HOUR);

		const autumn = weekRange(new Date('2025-10-29T12:00:00Z'), 'Europe/Berlin');
		expect(autumn.days[0]).toBe('2025-10-27');
		expect(autumn.start.toISOString()).toBe('2025-10-26T23:00:00.000Z');
		expect(autumn.end.toISOString()).toBe('2025-11-02T23:00:00.000Z');

		const berlinSpring = weekRange(new Date('2025-03-27T12:00:00Z'), 'Europe/Berlin');
		expect(berlinSpring.end.getTime() - berlinSpring.start.getTime()).toBe(167 * HOUR);
		const newYorkAutumn = weekRange(new Date('2025-11-01T12:00:00Z'), 'America/New_York');
		expect(newYorkAutumn.end.getTime() - newYorkAutumn.start.getTime()).toBe(169 * HOUR);
	});

	it('spans a year boundary', () => {
		const week = weekRange(new Date('2026-01-01T12:00:00Z'), 'Europe/London');
		expect(week.days[0]).toBe('2025-12-29');
		expect(week.days[6]).toBe('2026-01-04');
		expect(week.start.toISOString()).toBe('2025-12-29T00:00:00.000Z');
	});

	const zones = [
		'UTC',
		'America/New_York',
		'America/Los_Angeles',
		'America/Santiago',
		'America/St_Johns',
		'Europe/London',
		'Europe/Berlin',
		'Asia/Kolkata',
		'Asia/Kathmandu',
		'Australia/Lord_Howe',
		'Pacific/Auckland',
		'Pacific/Chatham',
		'Pacific/Kiritimati',
		'Pacific/Pago_Pago'
	];

	it('always holds its anchor and runs from one local Monday to the next (property)', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('2000-01-01T00:00:00Z'),
					max: new Date('2100-01-01T00:00:00Z'),
					noInvalidDate: true
				}),
				fc.constantFrom(...zones),
				(anchor, zone) => {
					const { start, end, days } = weekRange(anchor, zone);
					expect(days).toHaveLength(7);
					expect(days).toContain(dateKeyInZone(anchor, zone));
					expect(new Date(`${days[0]}T00:00:00Z`).getUTCDay()).toBe(1);
					for (let i = 1; i < 7; i++) expect(days[i]).toBe(addDays(days[0] as string, i));
					expect(start.getTime()).toBeLessThanOrEqual(anchor.getTime());
					expect(anchor.getTime()).toBeLessThan(end.getTime());
					expect(dateKeyInZone(start, zone)).toBe(days[0]);
					expect(dateKeyInZone(new Date(start.getTime() - 1), zone)).toBe(addDays(days[0] as string, -1));
					expect(dateKeyInZone(new Date(end.getTime() - 1), zone)).toBe(days[6]);
					expect(dateKeyInZone(end, zone)).toBe(addDays(days[0] as string, 7));
					const hours = (end.getTime() - start.getTime()) / HOUR;
					expect(hours).toBeGreaterThanOrEqual(167);
					expect(hours).toBeLessThanOrEqual(169);
				}
			),
			{ numRuns: 500 }
		);
	});
});

describe('instantFromWallTime', () => {
	it('reads a date and time on the school’s wall clock', () => {
		expect(instantFromWallTime('2026-11-24', '09:30', 'America/Chicago')?.toISOString()).toBe(
			'2026-11-24T15:30:00.000Z'
		);
		expect(instantFromWallTime('2026-07-01', '09:30', 'America/Chicago')?.toISOString()).toBe(
			'2026-07-01T14:30:00.000Z'
		);
		expect(instantFromWallTime('2026-11-24', '09:30', 'UTC')?.toISOString()).toBe('2026-11-24T09:30:00.000Z');
	});

	it('moves a time skipped by the spring change forward, and takes the first of a repeated hour', () => {
		// New York, 2026-03-08: 02:00 → 03:00; 2026-11-01: 02:00 → 01:00.
		expect(instantFromWallTime('2026-03-08', '02:30', 'America/New_York')?.toISOString()).toBe(
			'2026-03-08T07:30:00.000Z'
		);
		expect(instantFromWallTime('2026-11-01', '01:30', 'America/New_York')?.toISOString()).toBe(
			'2026-11-01T05:30:00.000Z'
		);
	});

	it('refuses what is not a date and a time', () => {
		expect(instantFromWallTime('2026-02-30', '09:00', 'UTC')).toBeNull();
		expect(instantFromWallTime('2026-02-03', '25:00', 'UTC')).toBeNull();
		expect(instantFromWallTime('tomorrow', '09:00', 'UTC')).toBeNull();
	});

	it('round-trips with the wall clock for any minute of a year, in several zones', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 365 * 24 * 60 - 1 }),
				fc.constantFrom('America/Chicago', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'),
				(minute, zone) => {
					const instant = new Date(Date.UTC(2026, 0, 1) + minute * 60_000);
					const wall = wallClockInZone(instant, zone);
					const date = `${String(wall.year)}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
					const time = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
					const back = instantFromWallTime(date, time, zone);
					// A repeated hour maps to its first occurrence; otherwise the instant comes back exactly.
					const again = back ? wallClockInZone(back, zone) : null;
					expect(again).toEqual(wall);
				}
			)
		);
	});
});
