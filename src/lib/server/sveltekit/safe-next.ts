// Where to go after logging in. Only paths on this site: "//evil.example" and "/\evil.example" are
// other sites to a browser, so they are refused like absolute URLs.
export function safeNext(raw: string | null | undefined): string | null {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
	return raw;
}
