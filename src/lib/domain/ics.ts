// A subscribable iCalendar feed (RFC 5545) of coaching activities. Times are written in UTC, so the feed
// needs no VTIMEZONE and every calendar app shows them in its own zone.

export interface CalendarEvent {
	/** Stable per activity; the feed writes `<uid>@tandem`, so an edited activity replaces its old copy. */
	uid: string;
	start: Date;
	durationMinutes: number;
	summary: string;
	description?: string;
	location?: string;
	url?: string;
	updatedAt: Date;
	cancelled?: boolean;
	/** Bumped on every change (RFC 5545 §3.8.7.4). */
	sequence?: number;
}

const CRLF = '\r\n';
// RFC 5545 §3.1: a content line is at most 75 octets, not counting the line break.
const MAX_LINE_OCTETS = 75;

export function renderCalendar(input: { name: string; events: CalendarEvent[]; now?: Date }): string {
	const stamp = formatUtc(input.now ?? new Date());
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Tandem//Coaching calendar//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(input.name)}`,
		// Ask subscribers to poll hourly (REFRESH-INTERVAL is RFC 7986; X-PUBLISHED-TTL is what Outlook reads).
		'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
		'X-PUBLISHED-TTL:PT1H'
	];
	for (const event of input.events) lines.push(...renderEvent(event, stamp));
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join(CRLF) + CRLF;
}

function renderEvent(event: CalendarEvent, stamp: string): string[] {
	const minutes = Math.round(event.durationMinutes);
	if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Bad duration for event ${event.uid}`);
	const end = new Date(event.start.getTime() + minutes * 60_000);
	const lines = [
		'BEGIN:VEVENT',
		`UID:${escapeText(`${event.uid}@tandem`)}`,
		`DTSTAMP:${stamp}`,
		`DTSTART:${formatUtc(event.start)}`,
		`DTEND:${formatUtc(end)}`,
		`SUMMARY:${escapeText(event.summary)}`
	];
	if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
	if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
	// A URI is not TEXT: it is written as is, only stripped of what cannot appear on a content line.
	if (event.url) lines.push(`URL:${sanitize(event.url).replace(/\n/g, '')}`);
	lines.push(
		`LAST-MODIFIED:${formatUtc(event.updatedAt)}`,
		`SEQUENCE:${Math.max(0, Math.trunc(event.sequence ?? 0))}`,
		`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
		'END:VEVENT'
	);
	return lines;
}

/** `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5, form #2: UTC). */
export function formatUtc(date: Date): string {
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date in calendar feed');
	const iso = date.toISOString(); // 2025-03-04T14:30:00.000Z
	return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * Line breaks normalised to `\n`, control characters (other than tab and line feed) removed, and lone
 * surrogates, which have no UTF-8 form, replaced by U+FFFD.
 */
function sanitize(text: string): string {
	return (
		text
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
			.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
			.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (unit) =>
				unit.length === 2 ? unit : '\ufffd'
			)
	);
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
	return sanitize(text).replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

/**
 * Folds a content line so no physical line exceeds 75 octets of UTF-8 (RFC 5545 §3.1). Each continuation
 * starts with one space, which counts toward its 75. Breaks fall between code points, never inside one.
 */
export function foldLine(line: string): string {
	const out: string[] = [];
	let current = '';
	let currentOctets = 0;
	for (const char of line) {
		const octets = utf8Length(char);
		if (currentOctets + octets > MAX_LINE_OCTETS) {
			out.push(current);
			current = ' ';
			currentOctets = 1;
		}
		current += char;
		currentOctets += octets;
	}
	out.push(current);
	return out.join(CRLF);
}

function utf8Length(char: string): number {
	const code = char.codePointAt(0) ?? 0;
	if (code < 0x80) return 1;
	if (code < 0x800) return 2;
	if (code < 0x10000) return 3;
	return 4;
}
