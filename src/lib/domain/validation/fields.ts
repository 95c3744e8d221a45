// Small fields every boundary shares: a choice among the domain's names, calendar dates, booleans.
import { z } from 'zod';
import { isCalendarDate } from '../calendar-date.ts';

/** One of the domain's names (a stage, a kind, an outcome); `message` lists the choices. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, message: string) {
	return z.enum(values, { error: message });
}

/** An optional calendar date 'YYYY-MM-DD': absent, null or '' is none (null). */
export function optionalDate(message = 'Dates are written YYYY-MM-DD.') {
	return z.preprocess(
		(raw) => (raw === undefined || raw === '' ? null : raw),
		z.string({ error: message }).refine(isCalendarDate, { error: message }).nullable()
	);
}

/** A checkbox or a JSON boolean: true, false, 'true', 'false', 'on'. */
export const flag = z.preprocess(
	(raw) => (raw === 'true' || raw === 'on' ? true : raw === 'false' ? false : raw),
	z.boolean({ error: 'Yes or no.' })
);
