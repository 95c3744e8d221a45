// Showing 'YYYY-MM-DD' calendar dates to people. They carry no time zone, so they are formatted as UTC:
// formatting them in the local zone would show the day before west of Greenwich.
const medium = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export function formatCalendarDate(date: string): string {
	const [year, month, day] = date.split('-').map(Number);
	if (year === undefined || month === undefined || day === undefined) return date;
	const instant = new Date(0);
	instant.setUTCFullYear(year, month - 1, day);
	return Number.isNaN(instant.getTime()) ? date : medium.format(instant);
}
