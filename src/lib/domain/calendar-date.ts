// Calendar dates ('YYYY-MM-DD'): due dates, target dates and measurement dates carry no time of day.
import { invalid } from './errors.ts';

export function isCalendarDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An optional date field: empty means none; anything else must be a real calendar date. */
export function parseOptionalDate(raw: unknown, field: string): string | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (!isCalendarDate(raw)) throw invalid('Dates are written YYYY-MM-DD.', { [field]: 'Not a date.' });
	return raw;
}
