// Calendar dates ('YYYY-MM-DD'): due dates, target dates and measurement dates carry no time of day.

/** A real calendar date written 'YYYY-MM-DD' (no time, no offset). */
export function isCalendarDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 1 || month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return day <= (lengths[month - 1] ?? 0);
}

/** `date` ('YYYY-MM-DD') moved by a whole number of days, across month and year ends. */
export function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const moved = new Date(0);
	moved.setUTCFullYear(year, month - 1, day + days);
	return isoDateOf(moved, 'utc');
}

/** The calendar date of an instant, by default as the local clock reads it ("today" for the person). */
export function isoDateOf(instant: Date, zone: 'local' | 'utc' = 'local'): string {
	const utc = zone === 'utc';
	const year = utc ? instant.getUTCFullYear() : instant.getFullYear();
	const month = (utc ? instant.getUTCMonth() : instant.getMonth()) + 1;
	const day = utc ? instant.getUTCDate() : instant.getDate();
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
