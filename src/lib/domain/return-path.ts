// Where a return address (`next`) really leads, judged the way a browser will read it. Browsers drop tabs
// and newlines inside a URL and read a backslash as "/", so "/\t/evil.example" and "/\\evil.example" are other sites
// to them; parsing with the URL parser they use, against our own origin, sees what they see.

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
