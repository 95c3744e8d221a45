// Session tokens after the Lucia guide: the cookie holds a random token, the database holds only its
// SHA-256, so a leaked sessions table cannot be replayed as cookies. Pure: no I/O, no clock of its own.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export const SESSION_COOKIE = 'tandem_session';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
export const RENEW_WITHIN_MS = 15 * DAY_MS;

// 20 bytes = 160 bits, encoded as 32 base32 characters.
const TOKEN_BYTES = 20;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export type SessionState = 'expired' | 'renew' | 'valid';

export interface SessionCookieOptions {
	path: '/';
	httpOnly: true;
	sameSite: 'lax';
	secure: boolean;
	expires: Date;
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(TOKEN_BYTES);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

// Lets callers turn away junk cookies without a database round trip.
export function isWellFormedSessionToken(token: string): boolean {
	return TOKEN_PATTERN.test(token);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function sessionExpiry(now: Date): Date {
	return new Date(now.getTime() + SESSION_LIFETIME_MS);
}

// Expired from the expiry millisecond on; renewed once strictly fewer than 15 days remain, so an active
// user slides forward at most once per 15 days instead of writing on every request.
export function evaluateSession(expiresAt: Date, now: Date): SessionState {
	const remaining = expiresAt.getTime() - now.getTime();
	if (remaining <= 0) return 'expired';
	if (remaining < RENEW_WITHIN_MS) return 'renew';
	return 'valid';
}

// sameSite 'lax' still sends the cookie on top-level navigations from other sites (links in email),
// while form posts from them arrive without it; `secure` is off only for plain-http local development.
export function sessionCookieOptions(expiresAt: Date, secure: boolean): SessionCookieOptions {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt };
}
