// Where to go after logging in or out: a path on this site (src/lib/domain/return-path.ts).
import { error } from '@sveltejs/kit';
import { sameOriginPath } from '../../domain/return-path.ts';

// A line break or NUL in a header value is refused by Node (a 500) and is an attempt at header injection:
// the request is bad, and says so.
const HEADER_BREAKING = /[\r\n\0]/;

/** `next` from a query or a form: a same-origin path, null when absent or off-site; CR/LF/NUL are a 400. */
export function safeNext(raw: string | null | undefined, origin: string): string | null {
	if (!raw) return null;
	if (HEADER_BREAKING.test(raw))
		error(400, { message: 'That return address is not valid.', code: 'invalid' });
	return sameOriginPath(raw, origin);
}
