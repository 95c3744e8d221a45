// Where to go after logging in or out: a path on this site, judged the way a browser will read it. Browsers
// drop tabs and newlines inside a URL and read "\" as "/", so "/\t/evil.example" and "/\evil.example" are
// other sites to them; parsing with the URL parser they use, against our own origin, sees what they see.
import { error } from '@sveltejs/kit';

// A line break or NUL in a header value is refused by Node (a 500) and is an attempt at header injection:
// the request is bad, and says so.
const HEADER_BREAKING = /[\r\n\0]/;

/** The same-origin path (with query and fragment) that `raw` names, or null when it names anything else. */
export function sameOriginPath(raw: string, origin: string): string | null {
	if (!raw.startsWith('/')) return null;
	let url: URL;
	try {
		url = new URL(raw, origin);
	} catch {
		return null;
	}
	if (url.origin !== origin) return null;
	const path = url.pathname + url.search + url.hash;
	// "/.//evil.example" parses to the path "//evil.example", which a browser reads as another host.
	if (path.startsWith('//') || path.startsWith('/\\')) return null;
	return path;
}

/** `next` from a query or a form: a same-origin path, null when absent or off-site; CR/LF/NUL are a 400. */
export function safeNext(raw: string | null | undefined, origin: string): string | null {
	if (!raw) return null;
	if (HEADER_BREAKING.test(raw))
		error(400, { message: 'That return address is not valid.', code: 'invalid' });
	return sameOriginPath(raw, origin);
}
