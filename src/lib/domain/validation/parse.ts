// One way from a failed schema to the project's error: an AppError('invalid_request') whose details name
// each bad field. The API turns it into {"error":{"code","message","details"}} with a 400, form actions
// into fail(400, { message, errors, values }). Details hold our own sentences, never the input.
import type { z } from 'zod';
import { invalid, type AppError } from '../errors.ts';

/**
 * One sentence per bad field, keyed by the field a person filled in ('memberIds', not 'memberIds.3'), as
 * forms show errors beside their fields; `field` names a value parsed on its own.
 */
export function fieldErrors(error: z.ZodError, field?: string): Record<string, string> {
	const details: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = field ?? (issue.path.length > 0 ? String(issue.path[0]) : 'body');
		details[key] ??= issue.message;
	}
	return details;
}

export function invalidInput(error: z.ZodError, summary?: string, field?: string): AppError {
	const details = fieldErrors(error, field);
	const messages = [...new Set(Object.values(details))];
	return invalid(summary ?? messages.join(' '), details);
}

/** The parsed value, or an AppError for the first-to-last bad fields at once. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, summary?: string): z.output<S> {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) throw invalidInput(parsed.error, summary);
	return parsed.data;
}

/** One field on its own (a title from a form, a kind): its errors are named `field`. */
export function parseField<S extends z.ZodType>(field: string, schema: S, raw: unknown): z.output<S> {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) throw invalidInput(parsed.error, undefined, field);
	return parsed.data;
}
