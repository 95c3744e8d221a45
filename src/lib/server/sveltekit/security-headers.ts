// Response headers that tell the browser what this site may do: where it may connect, which devices it may
// use, that it is https-only, and that what it shows an anonymous visitor is not kept in a cache.

// Where the collaboration socket listens (server/collaboration/index.ts, src/lib/collab/connect.ts).
const COLLAB_PATH = '/collab';
// Camera and microphone stay off until a page records (a recording page will allow them for itself).
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';
const HSTS = 'max-age=31536000; includeSubDomains';

/** The websocket this page may open: our own host's collaboration endpoint, and nothing else. */
export function collabSocketSource(origin: string): string {
	const url = new URL(origin);
	return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${COLLAB_PATH}`;
}

export function applySecurityHeaders(
	headers: Headers,
	{ origin, https, personal }: { origin: string; https: boolean; personal: boolean }
): void {
	const csp = headers.get('content-security-policy');
	if (csp) {
		headers.set(
			'content-security-policy',
			csp.replace(/connect-src 'self'/, `connect-src 'self' ${collabSocketSource(origin)}`)
		);
	}
	headers.set('permissions-policy', PERMISSIONS_POLICY);
	if (https) headers.set('strict-transport-security', HSTS);
	// Signed-in pages, invitations (they name the invitee) and anything else that did not choose a policy.
	// A policy that already forbids storing (a lesson video's `private, no-store`) is kept as it is.
	const chosen = headers.get('cache-control');
	if (personal ? !/\bno-store\b/.test(chosen ?? '') : !chosen) headers.set('cache-control', 'no-store');
}
