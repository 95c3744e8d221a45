// Which page origins may open the collaboration socket with the user's cookie.
export function isAllowedOrigin(
	origin: string | undefined,
	host: string | undefined,
	configuredOrigin: string | undefined
): boolean {
	// Non-browser clients (integrations with an access token) send no Origin and cannot be hijacked.
	if (!origin) return true;
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		return false;
	}
	if (configuredOrigin) return parsed.origin === configuredOrigin;
	return host !== undefined && parsed.host === host;
}
