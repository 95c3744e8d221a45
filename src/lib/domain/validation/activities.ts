// What a client may send about a scheduled activity: the API and the activity forms parse with these.
import { z } from 'zod';
import {
	ACTIVITY_LOCATION_MAX,
	ACTIVITY_MAX_MINUTES,
	ACTIVITY_MIN_MINUTES,
	ACTIVITY_TITLE_MAX,
	ACTIVITY_TYPES,
	activityTypeLabels,
	defaultActivityMinutes,
	isActivityType,
	parseInstant,
	type ActivityInput
} from '../activities.ts';
import { oneOf } from './fields.ts';
import { invalid } from '../errors.ts';
import { fieldErrors } from './parse.ts';
import { cleanText } from './text.ts';

/** Length in code points, which is what a person counts (an emoji is one character). */
const codePoints = (text: string) => [...text].length;

/** A line of text, cleaned (see cleanText); absent or null is ''. */
function line(what: string, max: number) {
	return z.preprocess(
		(raw) => raw ?? '',
		z
			.string({ error: `The ${what} must be text.` })
			.transform((raw) => cleanText(raw))
			.refine((text) => codePoints(text) <= max, { error: `Use at most ${max} characters.` })
	);
}

const minutesMessage = `Whole minutes, ${ACTIVITY_MIN_MINUTES} to ${ACTIVITY_MAX_MINUTES}.`;
/** Whole minutes, as a number or a form's digits; absent or '' is none (the type's default, below). */
const minutes = z.preprocess(
	(raw) => {
		if (raw === undefined || raw === null || raw === '') return undefined;
		return typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
	},
	z
		.number({ error: minutesMessage })
		.int({ error: minutesMessage })
		.min(ACTIVITY_MIN_MINUTES, { error: minutesMessage })
		.max(ACTIVITY_MAX_MINUTES, { error: minutesMessage })
		.optional()
);

const startMessage =
	'Give the start as a date and time with a time zone offset, e.g. 2025-03-04T09:30:00-05:00.';
/** An instant (RFC 3339 with Z or an offset, or a Date): a wall-clock time alone is ambiguous. */
const instant = z.unknown().transform((raw, context) => {
	const parsed = parseInstant(raw);
	if (parsed) return parsed;
	context.addIssue({ code: 'custom', message: startMessage });
	return z.NEVER;
});

export const activityInput = z.object({
	type: oneOf(ACTIVITY_TYPES, `Choose an activity type: ${ACTIVITY_TYPES.join(', ')}.`),
	title: line('title', ACTIVITY_TITLE_MAX),
	startsAt: instant,
	durationMinutes: minutes,
	location: line('location', ACTIVITY_LOCATION_MAX)
});

/**
 * Validates an activity from a form or the JSON API, reporting every bad field at once. A missing title
 * becomes the type's label; a missing duration becomes the type's default; a missing location is ''.
 */
export function parseActivityInput(raw: Record<string, unknown>): ActivityInput {
	const parsed = activityInput.safeParse(raw);
	if (!parsed.success) {
		const details = fieldErrors(parsed.error);
		// Without a type there is no default duration: a missing one is an error of its own then.
		if (!isActivityType(raw.type) && minutes.safeParse(raw.durationMinutes).data === undefined)
			details.durationMinutes ??= minutesMessage;
		throw invalid([...new Set(Object.values(details))].join(' '), details);
	}
	const activity = parsed.data;
	return {
		type: activity.type,
		title: activity.title || activityTypeLabels[activity.type],
		startsAt: activity.startsAt,
		durationMinutes: activity.durationMinutes ?? defaultActivityMinutes[activity.type],
		location: activity.location
	};
}
