import { describe, it, expect } from 'vitest';
import {
	RENEW_WITHIN_MS,
	SESSION_COOKIE,
	SESSION_LIFETIME_MS,
	evaluateSession,
	generateSessionToken,
	isWellFormedSessionToken,
	sessionCookieOptions,
	sessionExpiry,
	sessionIdFromToken
} from '../../../src/lib/server/auth/session-token.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('session tokens', () => {
	it('carry at least 128 bits of entropy', () => {
		const token = generateSessionToken();
		// base32: 5 bits per character
		expect(token).toMatch(/^[a-z2-7]+$/);
		expect(token.length * 5).toBeGreaterThanOrEqual(128);
		expect(token).toHaveLength(32);
		expect(isWellFormedSessionToken(token)).toBe(true);
	});

	it('are unique across 10,000 draws', () => {
		const tokens = new Set(Array.from({ length: 10_000 }, generateSessionToken));
		expect(tokens.size).toBe(10_000);
	});

	it('map to a 64-hex-character id that is never the token itself', () => {
		for (let i = 0; i < 100; i++) {
			const token = generateSessionToken();
			const id = sessionIdFromToken(token);
			expect(id).toMatch(/^[0-9a-f]{64}$/);
			expect(id).not.toBe(token);
			expect(sessionIdFromToken(token)).toBe(id);
		}
	});

	it('rejects malformed tokens before any lookup', () => {
		expect(isWellFormedSessionToken('')).toBe(false);
		expect(isWellFormedSessionToken('A'.repeat(32))).toBe(false);
		expect(isWellFormedSessionToken('a'.repeat(33))).toBe(false);
	});
});

describe('session lifetime', () => {
	const now = new Date('2025-03-01T12:00:00.000Z');
	const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

	it('lasts 30 days and renews within the last 15', () => {
		expect(SESSION_LIFETIME_MS).toBe(30 * DAY);
		expect(RENEW_WITHIN_MS).toBe(15 * DAY);
		expect(sessionExpiry(now).getTime() - now.getTime()).toBe(30 * DAY);
	});

	it('is expired from the expiry millisecond on', () => {
		expect(evaluateSession(at(0), now)).toBe('expired');
		expect(evaluateSession(at(-1), now)).toBe('expired');
		expect(evaluateSession(at(1), now)).toBe('renew');
	});

	it('renews only when fewer than 15 days remain', () => {
		expect(evaluateSession(at(RENEW_WITHIN_MS - 1), now)).toBe('renew');
		expect(evaluateSession(at(RENEW_WITHIN_MS), now)).toBe('valid');
		expect(evaluateSession(at(RENEW_WITHIN_MS + 1), now)).toBe('valid');
		expect(evaluateSession(sessionExpiry(now), now)).toBe('valid');
	});
});

describe('session cookie', () => {
	const expires = new Date('2025-04-01T00:00:00.000Z');

	it('is named tandem_session', () => {
		expect(SESSION_COOKIE).toBe('tandem_session');
	});

	it('is http-only, same-site lax, site-wide, and carries the expiry', () => {
		expect(sessionCookieOptions(expires, true)).toEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			expires
		});
	});

	it('drops the secure flag only when asked (plain-http development)', () => {
		const options = sessionCookieOptions(expires, false);
		expect(options.secure).toBe(false);
		expect(options.httpOnly).toBe(true);
		expect(options.sameSite).toBe('lax');
		expect(options.path).toBe('/');
	});
});
