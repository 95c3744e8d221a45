import type { Handle, HandleServerError } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { bearerFromAuthorization, resolveIdentity } from '$lib/server/auth/identity';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { errorText } from '$lib/server/db/errors';
import { apiError, apiMethodNotAllowed, malformedApiAddress } from '$lib/server/sveltekit/api';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/sveltekit/auth';
import { applySecurityHeaders } from '$lib/server/sveltekit/security-headers';
import { db, runtime } from '$lib/server/sveltekit/context';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.authVia = null;
	const malformed = malformedApiAddress(event.url);
	if (malformed) return malformed;

	// /metrics has a bearer token of its own (METRICS_TOKEN), not a personal access token.
	const bearer =
		event.url.pathname === '/metrics'
			? null
			: bearerFromAuthorization(event.request.headers.get('authorization'));
	const sessionToken = event.cookies.get(SESSION_COOKIE) ?? null;
	const identity = await resolveIdentity(db(), { bearer, sessionToken });
	if (identity) {
		event.locals.user = identity.user;
		event.locals.authVia = identity.via;
		if (identity.via === 'session') {
			event.locals.sessionId = identity.sessionId;
			if (identity.renewedUntil && sessionToken) setSessionCookie(event, sessionToken, identity.renewedUntil);
		}
	} else if (bearer) {
		return apiError('unauthenticated', 'That access token is not valid.', 401);
	} else if (sessionToken) {
		deleteSessionCookie(event.cookies, event);
	}

	// SvelteKit's CSRF check covers form posts; JSON mutations riding on a cookie must come from our own pages.
	if (
		event.url.pathname.startsWith('/api/') &&
		MUTATING.has(event.request.method) &&
		event.locals.authVia === 'session' &&
		!isSameOrigin(event.request.headers, event.url)
	) {
		return apiError('forbidden', 'Cross-site requests are not allowed.', 403);
	}

	const started = performance.now();
	const response = apiMethodNotAllowed(event.url, await resolve(event));
	// One structured line per request; never bodies or query strings, which can carry coaching content.
	runtime().log('request', {
		requestId: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started),
		userId: event.locals.user?.id ?? null
	});
	response.headers.set('x-request-id', event.locals.requestId);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	const configured = runtime().config.origin;
	applySecurityHeaders(response.headers, {
		origin: configured ?? event.url.origin,
		https: configured?.startsWith('https:') ?? false,
		personal: event.locals.user !== null || event.url.pathname.startsWith('/invite/')
	});
	return response;
};

function isSameOrigin(headers: Headers, url: URL): boolean {
	const site = headers.get('sec-fetch-site');
	if (site) return site === 'same-origin' || site === 'none';
	const origin = headers.get('origin');
	return origin === null || origin === url.origin;
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	// What failed and where, never the error's parameters or body: they can be what someone wrote.
	if (status !== 404) console.error(`[${event.locals.requestId}]`, errorText(error));
	return {
		message: status === 404 ? 'Not found' : 'Something went wrong on our side.',
		code: String(status)
	};
};
