// The iCalendar feed, read back by a real parser (ical.js): what a calendar app sees is what we meant.
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, renderCalendar, type CalendarEvent } from '../../../src/lib/domain/ics.ts';

const now = new Date('2025-03-01T08:00:00Z');

// Non-standard properties are TEXT (RFC 5545 §3.8.8.2) and calendar apps unescape X-WR-CALNAME as such;
// ical.js reads unknown properties raw unless told.
ICAL.design.icalendar.property['x-wr-calname'] = { defaultType: 'text' };

const observation: CalendarEvent = {
	uid: 'act-1',
	start: new Date('2025-03-04T14:30:00Z'),
	durationMinutes: 50,
	summary: 'Observation: Ms. Rivera, fractions',
	description: 'Focus: open questions; bring the tally sheet',
	location: 'Room 12, east wing',
	url: 'https://tandem.example/activities/act-1?tab=notes&x=1,2',
	updatedAt: new Date('2025-02-28T16:05:07Z'),
	sequence: 3
};

function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	const events = calendar.getAllSubcomponents('vevent');
	return { calendar, events, event: (index = 0) => new ICAL.Event(events[index]) };
}

function single(event: Partial<CalendarEvent>) {
	const ics = renderCalendar({ name: 'Coaching', events: [{ ...observation, ...event }], now });
	const vevent = parse(ics).events[0];
	if (!vevent) throw new Error('no VEVENT');
	return { ics, vevent, event: new ICAL.Event(vevent) };
}

/** Physical lines as UTF-8 bytes, each decoded strictly: a fold inside a character would throw here. */
function physicalLines(ics: string): { text: string; octets: number }[] {
	const bytes = new TextEncoder().encode(ics);
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const lines: { text: string; octets: number }[] = [];
	let start = 0;
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
			const chunk = bytes.subarray(start, i);
			lines.push({ text: decoder.decode(chunk), octets: chunk.length });
			start = i + 2;
			i++;
		}
	}
	expect(start, 'the feed ends with CRLF').toBe(bytes.length);
	return lines;
}

// eslint-disable-next-line no-control-regex -- what must never reach the feed
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function expectWellFormed(ics: string) {
	expect(ics.replace(/\r\n/g, ''), 'no bare CR or LF').not.toMatch(/[\r\n]/);
	expect(ics.replace(/\r\n/g, ''), 'no control characters but tab').not.toMatch(CONTROL_BUT_TAB);
	for (const line of physicalLines(ics)) expect(line.octets, line.text).toBeLessThanOrEqual(75);
}

describe('renderCalendar', () => {
	it('writes a publishable calendar with its name and refresh hints', () => {
		const ics = renderCalendar({ name: 'Coaching — Ana Núñez', events: [observation], now });
		const { calendar } = parse(ics);
		expect(calendar.name).toBe('vcalendar');
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Tandem//Coaching calendar//EN');
		expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Coaching — Ana Núñez');
		expect(ics).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
		expect(ics).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n');
		expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expectWellFormed(ics);
	});

	it('writes each event with its times in UTC and its identity', () => {
		const { ics, vevent, event } = single({});
		expect(event.uid).toBe('act-1@tandem');
		expect(event.startDate.toJSDate()).toEqual(new Date('2025-03-04T14:30:00Z'));
		expect(event.endDate.toJSDate()).toEqual(new Date('2025-03-04T15:20:00Z'));
		expect(event.startDate.zone?.tzid).toBe('UTC');
		expect(ics).toContain('\r\nDTSTART:20250304T143000Z\r\n');
		expect(ics).toContain('\r\nDTEND:20250304T152000Z\r\n');
		expect(ics).toContain('\r\nDTSTAMP:20250301T080000Z\r\n');
		expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate()).toEqual(now);
		expect((vevent.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate()).toEqual(
			new Date('2025-02-28T16:05:07Z')
		);
		expect(event.summary).toBe('Observation: Ms. Rivera, fractions');
		expect(event.description).toBe('Focus: open questions; bring the tally sheet');
		expect(event.location).toBe('Room 12, east wing');
		expect(vevent.getFirstPropertyValue('url')).toBe(
			'https://tandem.example/activities/act-1?tab=notes&x=1,2'
		);
		expect(event.sequence).toBe(3);
		expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expectWellFormed(ics);
	});

	it('keeps the event times correct whatever the server’s zone, dropping milliseconds', () => {
		const { event } = single({ start: new Date('2025-11-02T05:59:59.999Z'), durationMinutes: 90 });
		expect(event.startDate.toJSDate()).toEqual(new Date('2025-11-02T05:59:59Z'));
		expect(event.endDate.toJSDate()).toEqual(new Date('2025-11-02T07:29:59Z'));
	});

	it('marks a cancelled event so subscribers remove it', () => {
		const { vevent, event } = single({ cancelled: true, sequence: 4 });
		expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(event.sequence).toBe(4);
	});

	it('leaves out empty optional fields and defaults the sequence to 0', () => {
		const { ics, vevent } = single({
			description: undefined,
			location: '',
			url: undefined,
			sequence: undefined
		});
		expect(vevent.getFirstProperty('description')).toBeNull();
		expect(vevent.getFirstProperty('location')).toBeNull();
		expect(vevent.getFirstProperty('url')).toBeNull();
		expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
		expect(ics).not.toContain('DESCRIPTION');
	});

	it('writes an empty calendar when there is nothing scheduled', () => {
		const ics = renderCalendar({ name: 'Nothing yet', events: [], now });
		expect(parse(ics).events).toHaveLength(0);
		expectWellFormed(ics);
	});

	it('escapes commas, semicolons, backslashes and line breaks, and they round-trip', () => {
		const summary = 'Debrief; data, then next steps \\ plan';
		const description = 'Line one\nLine two, with a comma\r\nLine three; done\rLast \\n is literal';
		const { ics, event } = single({ summary, description });
		expect(ics).toContain('SUMMARY:Debrief\\; data\\, then next steps \\\\ plan\r\n');
		expect(event.summary).toBe(summary);
		expect(event.description).toBe('Line one\nLine two, with a comma\nLine three; done\nLast \\n is literal');
		expectWellFormed(ics);
	});

	it('strips control characters rather than writing a broken line', () => {
		const { ics, event } = single({
			summary: 'Bell\u0007 at\u0000 nine\u001b[31m',
			location: 'Room\u000b 4\u007f',
			url: 'https://tandem.example/a\r\nX-INJECTED:1'
		});
		expect(event.summary).toBe('Bell at nine[31m');
		expect(event.location).toBe('Room 4');
		expect(ics).not.toContain('\r\nX-INJECTED');
		expectWellFormed(ics);
	});

	it('folds long lines at 75 octets without splitting an emoji or an accented letter', () => {
		// Every offset of the fold against multi-byte characters: 2-byte é, 3-byte €, 4-byte emoji, and
		// a ZWJ sequence whose code points may land on either side of the fold.
		const pieces = ['é', '€', '🍎', '👩🏽‍🏫', 'Ñúñez, ', '\\;,\n'];
		for (let pad = 0; pad < 80; pad++)
			for (const piece of pieces) {
				const summary = `${'a'.repeat(pad)}${piece.repeat(12)} — Zoë Ōkubo`;
				const description = `${piece.repeat(pad % 7)}${'x'.repeat(pad)}${piece.repeat(30)}`;
				const { ics, event } = single({ summary, description });
				expectWellFormed(ics);
				expect(event.summary).toBe(summary);
				expect(event.description).toBe(description);
			}
	});

	it('fills each folded line as far as 75 octets allows', () => {
		const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n');
		// 'DESCRIPTION:' + 200 = 212 octets: 75, then a space and 74, then a space and the last 63.
		expect(folded.map((line) => line.length)).toEqual([75, 75, 64]);
		expect(folded.slice(1).every((line) => line.startsWith(' '))).toBe(true);
		const emoji = foldLine(`SUMMARY:${'🍎'.repeat(30)}`).split('\r\n');
		// 8 ASCII octets + 16 apples (64 octets) = 72: a 17th would make 76.
		expect(new TextEncoder().encode(emoji[0]).length).toBe(72);
		expect(foldLine('SHORT:line')).toBe('SHORT:line');
	});

	it('replaces lone surrogates, which have no UTF-8 form, with U+FFFD', () => {
		const { ics, event } = single({ summary: 'broken \ud83c pair \udf4e end' });
		expect(event.summary).toBe('broken \ufffd pair \ufffd end');
		expectWellFormed(ics);
	});

	it('writes several events in order, each parseable', () => {
		const events = Array.from({ length: 5 }, (_, i) => ({
			...observation,
			uid: `act-${i}`,
			start: new Date(Date.UTC(2025, 2, 3 + i, 13)),
			summary: `Check-in ${i}`
		}));
		const ics = renderCalendar({ name: 'Week', events, now });
		const parsed = parse(ics);
		expect(parsed.events.map((_, i) => parsed.event(i).uid)).toEqual(events.map((e) => `${e.uid}@tandem`));
		expect(parsed.events.map((_, i) => parsed.event(i).startDate.toJSDate())).toEqual(
			events.map((e) => e.start)
		);
	});
});

describe('renderCalendar (properties)', () => {
	// Any Unicode text without control characters (tab and line feed allowed) comes back exactly.
	const text = fc
		.string({ unit: 'binary', maxLength: 120 })
		// eslint-disable-next-line no-control-regex -- the generator leaves out what the feed strips
		.map((value) => value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''));

	it('round-trips arbitrary Unicode summaries and descriptions through ical.js', () => {
		fc.assert(
			fc.property(text, text, text, (summary, description, name) => {
				const ics = renderCalendar({
					name,
					events: [{ ...observation, summary, description, location: description }],
					now
				});
				expectWellFormed(ics);
				const { calendar, event } = parse(ics);
				expect(calendar.getFirstPropertyValue('x-wr-calname') ?? '').toBe(name);
				expect(event().summary ?? '').toBe(summary);
				// Empty optional fields are left out.
				expect(event().description ?? '').toBe(description);
				expect(event().location ?? '').toBe(description);
			}),
			{ numRuns: 400 }
		);
	});

	it('never writes a broken line, whatever the input', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'binary', maxLength: 200 }),
				fc.string({ maxLength: 200 }),
				(summary, url) => {
					const ics = renderCalendar({ name: summary, events: [{ ...observation, summary, url }], now });
					expectWellFormed(ics);
					const expected = summary
						.replace(/\r\n?/g, '\n')
						// eslint-disable-next-line no-control-regex -- control characters are dropped
						.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
					expect(parse(ics).event().summary ?? '').toBe(expected);
				}
			),
			{ numRuns: 300 }
		);
	});
});
