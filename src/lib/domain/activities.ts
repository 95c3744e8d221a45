// Scheduled coaching work (pre-conferences, observations, debriefs, ...) and the calendar arithmetic it
// needs. Times are instants (`Date`); calendar days are computed in an IANA time zone with `Intl`, so the
// same code gives the same week in the browser and on the server.
import { addDays, isCalendarDate } from './calendar-date.ts';
import { invalid } from './errors.ts';

export const ACTIVITY_TYPES = [
	'pre_conference',
	'observation',
	'debrief',
	'co_planning',
	'modeling',
	'co_teaching',
	'check_in'
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const activityTypeLabels: Record<ActivityType, string> = {
	pre_conference: 'Pre-conference',
	observation: 'Observation',
	debrief: 'Debrief',
	co_planning: 'Co-planning',
	modeling: 'Modeling (demonstration lesson)',
	co_teaching: 'Co-teaching',
	check_in: 'Check-in'
};

/** What a new activity of each type is scheduled for unless someone says otherwise. */
export const defaultActivityMinutes: Record<ActivityType, number> = {
	pre_conference: 30,
	observation: 45,
	debrief: 30,
	co_planning: 45,
	modeling: 45,
	co_teaching: 45,
	check_in: 15
};

export function isActivityType(value: unknown): value is ActivityType {
	return typeof value === 'string' && (ACTIVITY_TYPES as readonly string[]).includes(value);
}

export const ACTIVITY_MIN_MINUTES = 5;
export const ACTIVITY_MAX_MINUTES = 600;
export const ACTIVITY_TITLE_MAX = 200;
export const ACTIVITY_LOCATION_MAX = 200;

/** An activity as validated (validation/activities.ts): every field present, the defaults filled in. */
export interface ActivityInput {
	type: ActivityType;
	title: string;
	startsAt: Date;
	durationMinutes: number;
	location: string;
}

// RFC 3339 date-time: the offset is required, because a wall-clock time alone is ambiguous.
const INSTANT =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** An instant from a `Date` or an ISO 8601 / RFC 3339 string with `Z` or an offset; `null` otherwise. */
export function parseInstant(raw: unknown): Date | null {
	if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : new Date(raw.getTime());
	if (typeof raw !== 'string') return null;
	const match = INSTANT.exec(raw.trim());
	if (!match) return null;
	const field = (index: number) => Number(match[index] ?? 0);
	const [year, month, day, hour, minute] = [field(1), field(2), field(3), field(4), field(5)];
	const second = field(6);
	const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	if (hour > 23 || minute > 59 || second > 59) return null;
	let offsetMinutes = 0;
	if (!match[8]) {
		const offsetHours = Number(match[10]);
		const offsetMins = Number(match[11]);
		if (offsetHours > 23 || offsetMins > 59) return null;
		offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
	}
	const utc = new Date(0);
	utc.setUTCFullYear(year, month - 1, day);
	utc.setUTCHours(hour, minute, second, millis);
	return new Date(utc.getTime() - offsetMinutes * 60_000);
}

function daysInMonth(year: number, month: number): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month, 0);
	return date.getUTCDate();
}

// ---- Calendar days in a time zone ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		try {
			formatter = new Intl.DateTimeFormat('en-US', {
				timeZone,
				calendar: 'iso8601',
				numberingSystem: 'latn',
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit'
			});
		} catch {
			throw invalid(`"${timeZone}" is not a time zone we know.`, { timeZone: 'Unknown time zone.' });
		}
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** The date and time a clock on the wall in `timeZone` shows at `date`. */
export function wallClockInZone(date: Date, timeZone: string): WallClock {
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date');
	const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
	for (const part of formatterFor(timeZone).formatToParts(date))
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	// `formatToParts` drops the era sign; years before 1 CE are out of scope for a coaching calendar.
	return {
		year: parts.year ?? 0,
		month: parts.month ?? 1,
		day: parts.day ?? 1,
		// Some engines still write midnight as 24 despite `h23`.
		hour: (parts.hour ?? 0) % 24,
		minute: parts.minute ?? 0,
		second: parts.second ?? 0
	};
}

/** The calendar day (`YYYY-MM-DD`) in `timeZone` at `date`. */
export function dateKeyInZone(date: Date, timeZone: string): string {
	const { year, month, day } = wallClockInZone(date, timeZone);
	return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The wall-clock time (`HH:MM`, 24-hour) in `timeZone` at `date`. */
export function timeKeyInZone(date: Date, timeZone: string): string {
	const { hour, minute } = wallClockInZone(date, timeZone);
	return `${pad(hour, 2)}:${pad(minute, 2)}`;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

function keyToUtc(dateKey: string): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateKey);
	if (!match) throw new RangeError(`Not a calendar date: ${dateKey}`);
	const date = new Date(0);
	date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	return date;
}

/** The Monday on or before the calendar day `dateKey`. */
export function mondayOf(dateKey: string): string {
	const weekday = keyToUtc(dateKey).getUTCDay(); // 0 = Sunday
	return addDays(dateKey, -((weekday + 6) % 7));
}

/**
 * The first instant of the calendar day `dateKey` in `timeZone`. Usually local midnight; where a DST change
 * skips midnight (e.g. America/Santiago), the moment the day begins.
 */
export function startOfDayInZone(dateKey: string, timeZone: string): Date {
	const wallMidnight = keyToUtc(dateKey).getTime();
	const offsetAt = (instant: number) => {
		const wall = wallClockInZone(new Date(instant), timeZone);
		const asUtc = new Date(0);
		asUtc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
		asUtc.setUTCHours(wall.hour, wall.minute, wall.second, 0);
		return asUtc.getTime() - Math.floor(instant / 1000) * 1000;
	};
	const firstGuess = wallMidnight - offsetAt(wallMidnight);
	const guess = wallMidnight - offsetAt(firstGuess);
	const keyAt = (instant: number) => dateKeyInZone(new Date(instant), timeZone);
	if (keyAt(guess) === dateKey && keyAt(guess - 1) < dateKey) return new Date(guess);
	// Midnight skipped or repeated: search for the first instant whose day is `dateKey`. Offsets lie within
	// -12h..+14h, so the day begins within this window.
	let before = wallMidnight - 15 * 3_600_000;
	let after = wallMidnight + 13 * 3_600_000;
	while (after - before > 1) {
		const middle = Math.floor((before + after) / 2);
		if (keyAt(middle) < dateKey) before = middle;
		else after = middle;
	}
	return new Date(after);
}

/**
 * The calendar week (Monday first) that contains `anchor` in `timeZone`: `days` are its seven dates and
 * `[start, end)` the instants it spans, `end` being the start of the next Monday. A week with a DST change
 * is 167 or 169 hours long.
 */
export function weekRange(anchor: Date, timeZone: string): { start: Date; end: Date; days: string[] } {
	const monday = mondayOf(dateKeyInZone(anchor, timeZone));
	const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
	return {
		start: startOfDayInZone(monday, timeZone),
		end: startOfDayInZone(addDays(monday, 7), timeZone),
		days
	};
}

// A date and a time typed into a form, read as the workspace's wall clock.
const WALL_DAY_MS = 86_400_000;

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
	const wall = wallClockInZone(new Date(instant), timeZone);
	return (
		Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) -
		Math.floor(instant / 1000) * 1000
	);
}

/**
 * The instant at which clocks in `timeZone` show `date` ('YYYY-MM-DD') and `time` ('HH:MM'), or null if
 * either is malformed. Across a DST change it does what calendars do (Temporal's "compatible"): a time
 * that happens twice is the first one; a time that is skipped moves forward by the gap (02:30 → 03:30).
 */
export function instantFromWallTime(date: string, time: string, timeZone: string): Date | null {
	const clock = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
	if (!isCalendarDate(date.trim()) || !clock) return null;
	const [year, month, day] = date.trim().split('-').map(Number) as [number, number, number];
	const [hour, minute] = [Number(clock[1]), Number(clock[2])];
	if (hour > 23 || minute > 59 || year < 1000) return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute);

	// The offsets in force a day either side cover any single transition near this moment.
	const before = offsetAt(wall - WALL_DAY_MS, timeZone);
	const after = offsetAt(wall + WALL_DAY_MS, timeZone);
	const matches = [...new Set([before, after])]
		.map((offset) => wall - offset)
		.filter((instant) => instant + offsetAt(instant, timeZone) === wall)
		.sort((a, b) => a - b);
	return new Date(matches[0] ?? wall - before);
}
