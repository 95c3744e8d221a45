// Log-in limits shared by every process through Redis: the same rules as the in-process LoginThrottle,
// whichever process an attempt reaches, and a fallback to per-process limits when Redis does not answer.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedLoginThrottle } from '../../src/lib/server/auth/shared-login-throttle.ts';
import { redisAnswers, reportMissing } from '../faults/support/services.ts';

const redisUrl = process.env.REDIS_URL;
const ready = Boolean(redisUrl) && (await redisAnswers(redisUrl));
const start = Date.parse('2026-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(start + ms);
/** Each test its own account and addresses: Redis is shared with every other test run. */
const unique = () => randomBytes(6).toString('hex');

if (!ready) {
	describe('shared login throttle', () => {
		reportMissing(
			'shared login throttle',
			redisUrl ? `Redis does not answer at ${redisUrl}` : 'no Redis server (REDIS_URL)'
		);
	});
} else {
	describe('shared login throttle (redis)', () => {
		const processes = [new SharedLoginThrottle(redisUrl!), new SharedLoginThrottle(redisUrl!)];
		afterAll(async () => {
			for (const throttle of processes) await throttle.close();
		});

		it('backs off one account across processes: the second refuses what the first allowed', async () => {
			const email = `coach-${unique()}@school.org`;
			const [first, second] = processes as [SharedLoginThrottle, SharedLoginThrottle];
			expect(await first.check(email, '198.51.100.1', at(0))).toEqual({ allowed: true });
			await first.recordFailure(email, '198.51.100.1', at(0));
			expect(await second.check(email, '198.51.100.2', at(0))).toEqual({ allowed: true });
			await second.recordFailure(email, '198.51.100.2', at(0));
			// Third attempt: the wait is 1 s, wherever it arrives.
			expect(await first.check(email, '198.51.100.3', at(0))).toEqual({
				allowed: false,
				retryAfterSeconds: 1
			});
			expect(await second.check(email, '198.51.100.3', at(1000))).toEqual({ allowed: true });
			await second.recordSuccess(email);
			expect(await first.check(email, '198.51.100.3', at(1000))).toEqual({ allowed: true });
		});

		it('allows at most 7 attempts on one account in the first minute, alternating processes and IPs', async () => {
			const email = `teacher-${unique()}@school.org`;
			let allowed = 0;
			for (let t = 0, i = 0; t < 60_000; t += 250, i++) {
				const throttle = processes[i % 2] as SharedLoginThrottle;
				const ip = `203.0.113.${i % 250}`;
				if ((await throttle.check(email, ip, at(t))).allowed) {
					allowed += 1;
					await throttle.recordFailure(email, ip, at(t));
				}
			}
			expect(allowed).toBeGreaterThan(0);
			expect(allowed).toBeLessThanOrEqual(7);
		});

		it('limits one IP to its bucket of 20 across accounts and processes, refilling one a second', async () => {
			const ip = `2001:db8::${unique().slice(0, 4)}`;
			const results: boolean[] = [];
			for (let i = 0; i < 25; i++) {
				const throttle = processes[i % 2] as SharedLoginThrottle;
				results.push((await throttle.check(`person-${i}-${unique()}@school.org`, ip, at(0))).allowed);
			}
			expect(results.filter(Boolean)).toHaveLength(20);
			const refused = await processes[0]!.check(`late-${unique()}@school.org`, ip, at(0));
			expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
			expect((await processes[1]!.check(`later-${unique()}@school.org`, ip, at(1000))).allowed).toBe(true);
		});

		it('falls back to limits in this process when Redis does not answer', async () => {
			const unreachable = new SharedLoginThrottle('redis://127.0.0.1:1');
			try {
				const email = `admin-${unique()}@school.org`;
				expect(await unreachable.check(email, '198.51.100.9', at(0))).toEqual({ allowed: true });
				await unreachable.recordFailure(email, '198.51.100.9', at(0));
				expect(await unreachable.check(email, '198.51.100.9', at(0))).toEqual({ allowed: true });
				await unreachable.recordFailure(email, '198.51.100.9', at(0));
				expect((await unreachable.check(email, '198.51.100.9', at(0))).allowed).toBe(false);
			} finally {
				await unreachable.close();
			}
		});
	});
}
