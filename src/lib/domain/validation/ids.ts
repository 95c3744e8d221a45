// Every id in Tandem is a random UUID (src/lib/server/ids.ts), written in lower case. Anything else in an
// id's place is refused before it reaches the database: where a resource is addressed by its id, a
// malformed id is "not found", exactly like a missing one.
import { z } from 'zod';

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}

/** An id field; `message` is what a person reads when it is missing or malformed. */
export function id(message = 'Not an id.') {
	return z.string({ error: message }).regex(ID_PATTERN, { error: message });
}

/** An optional id: absent, null or '' is none. */
export function optionalId(message = 'Not an id.') {
	return z.preprocess((raw) => (raw === '' || raw === null ? undefined : raw), id(message).optional());
}

/** A list of ids without repeats (order kept), at most `max` long. */
export function idList(options: { max: number; message: string }) {
	return z
		.array(id(options.message), { error: options.message })
		.max(options.max, { error: options.message })
		.transform((ids) => [...new Set(ids)]);
}
