import { describe, it, expect } from 'vitest';
import { LoginThrottle, RefillingTokenBucket } from '../../../src/lib/server/auth/login-throttle.ts';

const start = Date.parse('2025-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(start + ms);

// Tries once a `stepMs` for `durationMs`, failing every time; returns how many attempts got through.
function hammer(
	throttle: LoginThrottle,
	email: string,
	ip: (i: number) => string,
	durationMs: number,
	stepMs = 100
) {
	let allowed = 0;
	for (let t = 0, i = 0; t < durationMs; t += stepMs, i++) {
		if (throttle.check(email, ip(i), at(t)).allowed) {
			allowed++;
			throttle.recordFailure(email, ip(i), at(t));
		}
	}
	return allowed;
}

describe('LoginThrottle per account', () => {
	it('allows at most 7 attempts in the first minute, even from many IPs', () => {
		const throttle = new LoginThrottle();
		const allowed = hammer(throttle, 'coach@school.org', (i) => `198.51.100.${i % 250}`, 60_000);
		expect(allowed).toBeGreaterThan(0);
		expect(allowed).toBeLessThanOrEqual(7);
	});

	it('backs off exponentially and says how long to wait', () => {
		const throttle = new LoginThrottle();
		const email = 'coach@school.org';
		expect(throttle.check(email, '198.51.100.1', at(0))).toEqual({ allowed: true });
		throttle.recordFailure(email, '198.51.100.1', at(0));
		expect(throttle.check(email, '198.51.100.1', at(0))).toEqual({ allowed: true });
		throttle.recordFailure(email, '198.51.100.1', at(0));
		expect(throttle.check(email, '198.51.100.1', at(0))).toEqual({ allowed: false, retryAfterSeconds: 1 });
		expect(throttle.check(email, '198.51.100.1', at(1000)).allowed).toBe(true);
		throttle.recordFailure(email, '198.51.100.1', at(1000));
		expect(throttle.check(email, '198.51.100.1', at(1500))).toEqual({ allowed: false, retryAfterSeconds: 2 });
	});

	it('treats the email case-insensitively', () => {
		const throttle = new LoginThrottle();
		hammer(throttle, 'Coach@School.org', () => '198.51.100.1', 1_000);
		expect(throttle.check('coach@school.org ', '198.51.100.2', at(1_000)).allowed).toBe(false);
	});

	it('charges concurrent attempts at check time, before any outcome is recorded', () => {
		const throttle = new LoginThrottle();
		const results = Array.from({ length: 10 }, (_, i) =>
			throttle.check('coach@school.org', `198.51.100.${i}`, at(0))
		);
		expect(results.filter((r) => r.allowed)).toHaveLength(2);
	});

	it('starts over after a successful login', () => {
		const throttle = new LoginThrottle();
		const email = 'coach@school.org';
		hammer(throttle, email, () => '198.51.100.1', 10_000);
		expect(throttle.check(email, '198.51.100.1', at(10_000)).allowed).toBe(false);
		throttle.recordSuccess(email);
		expect(throttle.check(email, '198.51.100.1', at(10_000)).allowed).toBe(true);
		throttle.recordFailure(email, '198.51.100.1', at(10_000));
		expect(throttle.check(email, '198.51.100.1', at(10_000)).allowed).toBe(true);
	});

	it('keeps accounts apart', () => {
		const throttle = new LoginThrottle();
		hammer(throttle, 'a@school.org', (i) => `198.51.100.${i % 250}`, 5_000);
		expect(throttle.check('b@school.org', '198.51.100.251', at(5_000)).allowed).toBe(true);
	});

	it('forgets quiet accounts and full IP buckets so memory stays bounded', () => {
		const throttle = new LoginThrottle();
		for (let i = 0; i < 100; i++) {
			throttle.check(`user${i}@school.org`, `198.51.100.${i}`, at(0));
			throttle.recordFailure(`user${i}@school.org`, `198.51.100.${i}`, at(0));
		}
		expect(throttle.trackedKeys).toEqual({ accounts: 100, ips: 100 });
		throttle.check('late@school.org', '203.0.113.1', at(2 * 60 * 60 * 1000));
		expect(throttle.trackedKeys).toEqual({ accounts: 1, ips: 1 });
	});
});

describe('LoginThrottle per IP', () => {
	it('denies a burst of more than 20 attempts from one address, then refills one per second', () => {
		const throttle = new LoginThrottle();
		const ip = '203.0.113.50';
		const burst = Array.from({ length: 25 }, (_, i) => throttle.check(`user${i}@school.org`, ip, at(0)));
		expect(burst.filter((r) => r.allowed)).toHaveLength(20);
		expect(burst[20]).toEqual({ allowed: false, retryAfterSeconds: 1 });

		expect(throttle.check('next@school.org', ip, at(999)).allowed).toBe(false);
		expect(throttle.check('next@school.org', ip, at(1000)).allowed).toBe(true);
		expect(throttle.check('again@school.org', ip, at(1000)).allowed).toBe(false);

		const refilled = Array.from({ length: 25 }, (_, i) =>
			throttle.check(`later${i}@school.org`, ip, at(61_000))
		);
		expect(refilled.filter((r) => r.allowed)).toHaveLength(20);
	});

	it('does not let one address exhaust another', () => {
		const throttle = new LoginThrottle();
		for (let i = 0; i < 30; i++) throttle.check(`user${i}@school.org`, '203.0.113.50', at(0));
		expect(throttle.check('user0@other.org', '203.0.113.51', at(0)).allowed).toBe(true);
	});
});

describe('RefillingTokenBucket', () => {
	it('reports the wait until enough tokens are back', () => {
		const bucket = new RefillingTokenBucket<string>(3, 2);
		for (let i = 0; i < 3; i++) expect(bucket.consume('k', 1, 0)).toBe(true);
		expect(bucket.consume('k', 1, 0)).toBe(false);
		expect(bucket.waitMs('k', 1, 500)).toBe(1500);
		expect(bucket.waitMs('k', 2, 500)).toBe(3500);
		expect(bucket.check('k', 1, 2000)).toBe(true);
		expect(bucket.consume('k', 1, 2000)).toBe(true);
		expect(bucket.consume('k', 1, 2000)).toBe(false);
	});
});
