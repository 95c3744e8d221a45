// The coaching log adds up the coach's activities: by type, by teacher, by week in the coach's zone, and as
// a CSV a spreadsheet can open safely.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, type ActivityType } from '../../../src/lib/domain/activities.ts';
import {
	aggregateCoachingLog,
	coachingLogCsv,
	csvCell,
	type LoggedActivity
} from '../../../src/lib/domain/coaching-log.ts';

let nextId = 0;
function activity(
	startsAt: string,
	type: ActivityType,
	durationMinutes: number,
	teacher: [string, string] = ['t-ana', 'Ana Núñez']
): LoggedActivity {
	return {
		id: `a-${++nextId}`,
		type,
		teacherId: teacher[0],
		teacherName: teacher[1],
		startsAt: new Date(startsAt),
		durationMinutes
	};
}

const ana: [string, string] = ['t-ana', 'Ana Núñez'];
const ben: [string, string] = ['t-ben', 'Ben Okafor'];
const cleo: [string, string] = ['t-cleo', 'Cleo Park'];
const zeros = Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, 0]));
const NY = { timeZone: 'America/New_York' };

describe('aggregateCoachingLog', () => {
	it('is all zeros with every type listed when nothing happened', () => {
		const log = aggregateCoachingLog([], NY);
		expect(log.totalMinutes).toBe(0);
		expect(log.activityCount).toBe(0);
		expect(log.byType.map((row) => [row.type, row.minutes, row.count])).toEqual(
			ACTIVITY_TYPES.map((type) => [type, 0, 0])
		);
		expect(log.byTeacher).toEqual([]);
		expect(log.byWeek).toEqual([]);
	});

	it('adds time up by type, in the fixed type order with labels', () => {
		const log = aggregateCoachingLog(
			[
				activity('2025-03-04T14:00:00Z', 'observation', 45),
				activity('2025-03-04T15:00:00Z', 'debrief', 30),
				activity('2025-03-05T14:00:00Z', 'observation', 50, ben)
			],
			NY
		);
		expect(log.totalMinutes).toBe(125);
		expect(log.activityCount).toBe(3);
		expect(log.byType).toEqual([
			{ type: 'pre_conference', label: 'Pre-conference', minutes: 0, count: 0 },
			{ type: 'observation', label: 'Observation', minutes: 95, count: 2 },
			{ type: 'debrief', label: 'Debrief', minutes: 30, count: 1 },
			{ type: 'co_planning', label: 'Co-planning', minutes: 0, count: 0 },
			{ type: 'modeling', label: 'Modeling (demonstration lesson)', minutes: 0, count: 0 },
			{ type: 'co_teaching', label: 'Co-teaching', minutes: 0, count: 0 },
			{ type: 'check_in', label: 'Check-in', minutes: 0, count: 0 }
		]);
	});

	it('lists teachers by minutes, most first, then by name', () => {
		const log = aggregateCoachingLog(
			[
				activity('2025-03-03T14:00:00Z', 'check_in', 15, cleo),
				activity('2025-03-03T15:00:00Z', 'co_planning', 45, ben),
				activity('2025-03-04T14:00:00Z', 'observation', 30, ana),
				activity('2025-03-04T15:00:00Z', 'debrief', 15, ana),
				activity('2025-03-05T15:00:00Z', 'check_in', 15, cleo)
			],
			NY
		);
		expect(log.byTeacher.map((row) => [row.teacherName, row.minutes, row.count])).toEqual([
			['Ana Núñez', 45, 2],
			['Ben Okafor', 45, 1],
			['Cleo Park', 30, 2]
		]);
		expect(log.byTeacher[0]?.byType).toEqual({ ...zeros, observation: 30, debrief: 15 });
		expect(log.byTeacher[2]?.byType).toEqual({ ...zeros, check_in: 30 });
	});

	it('lists every week from the first to the last, empty ones included', () => {
		const log = aggregateCoachingLog(
			[
				activity('2025-03-20T14:00:00Z', 'modeling', 60),
				activity('2025-03-04T14:00:00Z', 'observation', 45),
				activity('2025-03-06T14:00:00Z', 'debrief', 30)
			],
			NY
		);
		expect(log.byWeek).toEqual([
			{ weekStart: '2025-03-03', minutes: 75, count: 2, byType: { ...zeros, observation: 45, debrief: 30 } },
			{ weekStart: '2025-03-10', minutes: 0, count: 0, byType: zeros },
			{ weekStart: '2025-03-17', minutes: 60, count: 1, byType: { ...zeros, modeling: 60 } }
		]);
	});

	it('buckets weeks by the coach’s local Monday across a DST change', () => {
		const log = aggregateCoachingLog(
			[
				// Sunday 2025-03-09 23:30 EDT, the evening clocks sprang forward: already Monday in UTC.
				activity('2025-03-10T03:30:00Z', 'check_in', 15),
				// Monday 2025-03-10 00:15 EDT.
				activity('2025-03-10T04:15:00Z', 'check_in', 20),
				// Sunday 2025-11-02 23:30 EST, the evening clocks fell back.
				activity('2025-11-03T04:30:00Z', 'check_in', 25),
				// Monday 2025-11-03 00:00 EST exactly.
				activity('2025-11-03T05:00:00Z', 'check_in', 30)
			],
			NY
		);
		const weeks = Object.fromEntries(
			log.byWeek.filter((w) => w.count > 0).map((w) => [w.weekStart, w.minutes])
		);
		expect(weeks).toEqual({ '2025-03-03': 15, '2025-03-10': 20, '2025-10-27': 25, '2025-11-03': 30 });
		expect(log.byWeek[0]?.weekStart).toBe('2025-03-03');
		expect(log.byWeek.at(-1)?.weekStart).toBe('2025-11-03');
		expect(log.byWeek).toHaveLength(36);
	});

	it('buckets weeks across a year boundary, in the coach’s zone rather than UTC', () => {
		const activities = [
			activity('2025-12-31T15:00:00Z', 'observation', 45),
			activity('2026-01-02T15:00:00Z', 'debrief', 30),
			activity('2026-01-05T15:00:00Z', 'check_in', 15),
			// Monday 2025-12-29 01:00 in Auckland, still Sunday 2025-12-28 in UTC and New York.
			activity('2025-12-28T12:00:00Z', 'pre_conference', 20)
		];
		expect(
			aggregateCoachingLog(activities, { timeZone: 'Pacific/Auckland' }).byWeek.map((w) => [
				w.weekStart,
				w.minutes
			])
		).toEqual([
			['2025-12-29', 95],
			['2026-01-05', 15]
		]);
		expect(aggregateCoachingLog(activities, NY).byWeek.map((w) => [w.weekStart, w.minutes])).toEqual([
			['2025-12-22', 20],
			['2025-12-29', 75],
			['2026-01-05', 15]
		]);
	});

	const activities = fc.array(
		fc.record({
			id: fc.uuid(),
			type: fc.constantFrom(...ACTIVITY_TYPES),
			teacherId: fc.constantFrom('t1', 't2', 't3', 't4'),
			teacherName: fc.constantFrom('Ana', 'Ben', 'Cleo', 'ana'),
			startsAt: fc.date({
				min: new Date('2024-01-01T00:00:00Z'),
				max: new Date('2026-12-31T00:00:00Z'),
				noInvalidDate: true
			}),
			durationMinutes: fc.integer({ min: 5, max: 600 })
		}),
		{ maxLength: 60 }
	);

	it('keeps every total equal to the sum of the activities (property)', () => {
		fc.assert(
			fc.property(
				activities,
				fc.constantFrom('UTC', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata'),
				(list, timeZone) => {
					const log = aggregateCoachingLog(list, { timeZone });
					const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
					const total = sum(list.map((a) => a.durationMinutes));
					expect(log.totalMinutes).toBe(total);
					expect(log.activityCount).toBe(list.length);
					expect(sum(log.byType.map((row) => row.minutes))).toBe(total);
					expect(sum(log.byType.map((row) => row.count))).toBe(list.length);
					expect(sum(log.byTeacher.map((row) => row.minutes))).toBe(total);
					expect(sum(log.byTeacher.map((row) => row.count))).toBe(list.length);
					expect(sum(log.byWeek.map((row) => row.minutes))).toBe(total);
					expect(sum(log.byWeek.map((row) => row.count))).toBe(list.length);
					for (const row of [...log.byTeacher, ...log.byWeek])
						expect(sum(Object.values(row.byType))).toBe(row.minutes);
					for (let i = 1; i < log.byTeacher.length; i++)
						expect(log.byTeacher[i - 1]!.minutes).toBeGreaterThanOrEqual(log.byTeacher[i]!.minutes);
					for (let i = 1; i < log.byWeek.length; i++) {
						const gap = Date.parse(log.byWeek[i]!.weekStart) - Date.parse(log.byWeek[i - 1]!.weekStart);
						expect(gap).toBe(7 * 86_400_000);
					}
					for (const week of log.byWeek) expect(new Date(`${week.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
				}
			)
		);
	});
});

/** RFC 4180, strictly: CRLF records, quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
			} else if (char === '"') {
				quoted = false;
				i++;
				if (i < text.length && text[i] !== ',' && text[i] !== '\r')
					throw new Error(`junk after quote at ${i}`);
			} else {
				field += char;
				i++;
			}
		} else if (char === '"') {
			if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
			quoted = true;
			i++;
		} else if (char === ',') {
			row.push(field);
			field = '';
			i++;
		} else if (char === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i += 2;
		} else if (char === '\r' || char === '\n') {
			throw new Error(`bare line break at ${i}`);
		} else {
			field += char;
			i++;
		}
	}
	if (quoted) throw new Error('unterminated quote');
	if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
	return rows;
}

describe('coachingLogCsv', () => {
	it('writes one row per activity in time order, in the coach’s zone', () => {
		const csv = coachingLogCsv(
			[
				activity('2025-03-05T14:00:00Z', 'debrief', 30, ben),
				activity('2025-03-04T03:30:00Z', 'modeling', 60, ana),
				activity('2025-03-10T04:15:00Z', 'check_in', 15, cleo)
			],
			NY
		);
		expect(csv.split('\r\n')[0]).toBe('date,start_time,week_start,teacher,activity_type,minutes');
		expect(parseCsv(csv)).toEqual([
			['date', 'start_time', 'week_start', 'teacher', 'activity_type', 'minutes'],
			['2025-03-03', '22:30', '2025-03-03', 'Ana Núñez', 'Modeling (demonstration lesson)', '60'],
			['2025-03-05', '09:00', '2025-03-03', 'Ben Okafor', 'Debrief', '30'],
			['2025-03-10', '00:15', '2025-03-10', 'Cleo Park', 'Check-in', '15']
		]);
	});

	it('is only the header when there is nothing to log', () => {
		expect(coachingLogCsv([], NY)).toBe('date,start_time,week_start,teacher,activity_type,minutes\r\n');
	});

	it('quotes commas, quotes and line breaks', () => {
		const csv = coachingLogCsv(
			[activity('2025-03-04T14:00:00Z', 'observation', 45, ['t-x', 'O"Brien, Kate\nGrade 3'])],
			NY
		);
		expect(csv).toContain(',"O""Brien, Kate\nGrade 3",');
		expect(parseCsv(csv)[1]?.[3]).toBe('O"Brien, Kate\nGrade 3');
	});

	it('defuses cells a spreadsheet would run as a formula', () => {
		for (const name of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rReturn'])
			expect(
				parseCsv(coachingLogCsv([activity('2025-03-04T14:00:00Z', 'debrief', 30, ['t', name])], NY))[1]?.[3]
			).toBe(`'${name}`);
		expect(csvCell('Ana = Ana')).toBe('Ana = Ana');
		expect(csvCell("'quoted")).toBe("'quoted");
	});

	it('parses back to exactly what went in, for any teacher name (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						name: fc.string({ unit: 'binary', maxLength: 40 }),
						minutes: fc.integer({ min: 5, max: 600 }),
						at: fc.integer({ min: 0, max: 10_000 })
					}),
					{ maxLength: 20 }
				),
				(rows) => {
					const list = rows.map((row, index) => ({
						id: `id-${index}`,
						type: 'observation' as const,
						teacherId: `t-${index}`,
						teacherName: row.name,
						startsAt: new Date(Date.UTC(2025, 0, 1) + row.at * 60_000),
						durationMinutes: row.minutes
					}));
					const parsed = parseCsv(coachingLogCsv(list, { timeZone: 'UTC' }));
					expect(parsed).toHaveLength(list.length + 1);
					const sorted = [...list].sort(
						(a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : 1)
					);
					parsed.slice(1).forEach((cells, index) => {
						const source = sorted[index]!;
						expect(cells).toHaveLength(6);
						const expectedName = /^[=+\-@\t\r]/.test(source.teacherName)
							? `'${source.teacherName}`
							: source.teacherName;
						expect(cells[3]).toBe(expectedName);
						expect(cells[5]).toBe(String(source.durationMinutes));
						expect(`${cells[0]}T${cells[1]}`).toBe(source.startsAt.toISOString().slice(0, 16));
					});
				}
			)
		);
	});
});
