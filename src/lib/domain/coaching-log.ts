// The coach's coaching log, filled from the activities they held: time by type, by teacher and by week.
// The caller chooses which activities count (past, not cancelled); this only adds them up.
import { addDays } from './calendar-date.ts';
import {
	ACTIVITY_TYPES,
	activityTypeLabels,
	dateKeyInZone,
	mondayOf,
	timeKeyInZone,
	type ActivityType
} from './activities.ts';

export interface LoggedActivity {
	id: string;
	type: ActivityType;
	teacherId: string;
	teacherName: string;
	startsAt: Date;
	durationMinutes: number;
}

export interface CoachingLog {
	totalMinutes: number;
	activityCount: number;
	/** Every type, in `ACTIVITY_TYPES` order, zeros included. */
	byType: { type: ActivityType; label: string; minutes: number; count: number }[];
	/** Most minutes first, then by name. `byType` holds minutes. */
	byTeacher: {
		teacherId: string;
		teacherName: string;
		minutes: number;
		count: number;
		byType: Record<ActivityType, number>;
	}[];
	/** Oldest first, one entry per week from the first activity's to the last's, empty weeks included. */
	byWeek: { weekStart: string; minutes: number; count: number; byType: Record<ActivityType, number> }[];
}

function zeroByType(): Record<ActivityType, number> {
	return Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, 0])) as Record<ActivityType, number>;
}

/** The Monday (`YYYY-MM-DD`) of the week in which `date` falls, in `timeZone`. */
export function weekStartInZone(date: Date, timeZone: string): string {
	return mondayOf(dateKeyInZone(date, timeZone));
}

export function aggregateCoachingLog(
	activities: readonly LoggedActivity[],
	options: { timeZone: string }
): CoachingLog {
	const typeTotals = new Map(ACTIVITY_TYPES.map((type) => [type, { minutes: 0, count: 0 }]));
	const teachers = new Map<string, CoachingLog['byTeacher'][number]>();
	const weeks = new Map<string, CoachingLog['byWeek'][number]>();
	let totalMinutes = 0;

	for (const activity of activities) {
		const minutes = activity.durationMinutes;
		totalMinutes += minutes;

		const typeTotal = typeTotals.get(activity.type);
		if (typeTotal) {
			typeTotal.minutes += minutes;
			typeTotal.count += 1;
		}

		let teacher = teachers.get(activity.teacherId);
		if (!teacher) {
			teacher = {
				teacherId: activity.teacherId,
				teacherName: activity.teacherName,
				minutes: 0,
				count: 0,
				byType: zeroByType()
			};
			teachers.set(activity.teacherId, teacher);
		}
		teacher.minutes += minutes;
		teacher.count += 1;
		teacher.byType[activity.type] += minutes;

		const weekStart = weekStartInZone(activity.startsAt, options.timeZone);
		let week = weeks.get(weekStart);
		if (!week) {
			week = { weekStart, minutes: 0, count: 0, byType: zeroByType() };
			weeks.set(weekStart, week);
		}
		week.minutes += minutes;
		week.count += 1;
		week.byType[activity.type] += minutes;
	}

	const byTeacher = [...teachers.values()].sort(
		(a, b) =>
			b.minutes - a.minutes ||
			compareText(a.teacherName, b.teacherName) ||
			compareText(a.teacherId, b.teacherId)
	);

	const byWeek: CoachingLog['byWeek'] = [];
	const weekStarts = [...weeks.keys()].sort();
	const first = weekStarts[0];
	const last = weekStarts[weekStarts.length - 1];
	if (first && last)
		for (let weekStart = first; weekStart <= last; weekStart = addDays(weekStart, 7))
			byWeek.push(weeks.get(weekStart) ?? { weekStart, minutes: 0, count: 0, byType: zeroByType() });

	return {
		totalMinutes,
		activityCount: activities.length,
		byType: ACTIVITY_TYPES.map((type) => ({
			type,
			label: activityTypeLabels[type],
			minutes: typeTotals.get(type)?.minutes ?? 0,
			count: typeTotals.get(type)?.count ?? 0
		})),
		byTeacher,
		byWeek
	};
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

// Collation first so "émile" sorts beside "Emile"; code units break ties so the order is total.
function compareText(a: string, b: string): number {
	return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export const COACHING_LOG_CSV_HEADER = [
	'date',
	'start_time',
	'week_start',
	'teacher',
	'activity_type',
	'minutes'
] as const;

/**
 * The log as CSV (RFC 4180, CRLF), one row per activity in time order. Dates and times are wall-clock in
 * `timeZone`; `activity_type` is the readable label. Cells a spreadsheet would run as a formula are
 * defused with a leading apostrophe (OWASP "CSV injection").
 */
export function coachingLogCsv(activities: readonly LoggedActivity[], options: { timeZone: string }): string {
	const { timeZone } = options;
	const rows = [...activities]
		.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || compareText(a.id, b.id))
		.map((activity) => [
			dateKeyInZone(activity.startsAt, timeZone),
			timeKeyInZone(activity.startsAt, timeZone),
			weekStartInZone(activity.startsAt, timeZone),
			activity.teacherName,
			activityTypeLabels[activity.type] ?? activity.type,
			String(activity.durationMinutes)
		]);
	return [COACHING_LOG_CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** One CSV field: formula-defused, then quoted if it holds a quote, comma or line break. */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
