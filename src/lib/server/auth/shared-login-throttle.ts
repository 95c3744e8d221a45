// With several processes behind a load balancer, per-process login limits would let an attacker try N
// times as often. With REDIS_URL the same rules as LoginThrottle (back-off per account, a refilling token
// bucket per IP) are kept in Redis, checked and charged in one atomic script. If Redis does not answer, the
// process falls back to its own limits rather than refusing every log-in.
import { Redis } from 'ioredis';
import { redisConnection } from '../config.ts';
import { LoginThrottle, throttleDefaults, type ThrottleDecision } from './login-throttle.ts';

/** The limits a log-in must pass: in this process's memory, or shared by every process through Redis. */
export interface LoginLimiter {
	check(email: string, ip: string, now?: Date): ThrottleDecision | Promise<ThrottleDecision>;
	recordFailure(email: string, ip: string, now?: Date): void | Promise<void>;
	recordSuccess(email: string): void | Promise<void>;
}

const KEY_PREFIX = 'tandem:login';

// KEYS: account, ip. ARGV: now ms, waits (JSON seconds), bucket max, refill ms, forget-account ms.
// Returns 0 when the attempt is allowed (and charged), else the milliseconds to wait. Same arithmetic as
// Throttler.consume/waitMs and RefillingTokenBucket.consume/waitMs in login-throttle.ts.
const CHECK = `
local now = tonumber(ARGV[1])
local waits = cjson.decode(ARGV[2])
local max = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local forget = tonumber(ARGV[5])
local step = tonumber(redis.call('HGET', KEYS[1], 'step'))
local updated = tonumber(redis.call('HGET', KEYS[1], 'updatedAt'))
local wait = 0
if step then wait = math.max(0, updated + waits[step + 1] * 1000 - now) end
local count = tonumber(redis.call('HGET', KEYS[2], 'count'))
local refilled = tonumber(redis.call('HGET', KEYS[2], 'refilledAt'))
if count then
  local refills = math.floor((now - refilled) / interval)
  if refills > 0 then
    count = math.min(count + refills, max)
    refilled = refilled + refills * interval
  end
  if count < 1 then wait = math.max(wait, refilled + (1 - count) * interval - now) end
end
if wait > 0 then return wait end
if step then step = math.min(step + 1, #waits - 1) else step = 0 end
redis.call('HSET', KEYS[1], 'step', step, 'updatedAt', now)
redis.call('PEXPIRE', KEYS[1], forget)
if count then count = count - 1 else count = max - 1; refilled = now end
redis.call('HSET', KEYS[2], 'count', count, 'refilledAt', refilled)
redis.call('PEXPIRE', KEYS[2], (max + 1) * interval)
return 0
`;

// KEYS: account. ARGV: now ms. The back-off runs from when the failure was known (Throttler.restart).
const RESTART = `
local updated = tonumber(redis.call('HGET', KEYS[1], 'updatedAt'))
if updated and tonumber(ARGV[1]) > updated then redis.call('HSET', KEYS[1], 'updatedAt', ARGV[1]) end
return 0
`;

export class SharedLoginThrottle implements LoginLimiter {
	private readonly redis: Redis;
	/** Used while Redis does not answer: limits per process are better than none, or than no log-ins. */
	private readonly fallback = new LoginThrottle();

	constructor(
		redisUrl: string,
		private readonly log: (message: string, fields?: Record<string, unknown>) => void = () => {},
		// Another limit under the same rules (password reset requests) keeps its counters apart.
		private readonly prefix: string = KEY_PREFIX
	) {
		const { host, port, options } = redisConnection(redisUrl);
		this.redis = new Redis({
			host,
			port,
			...options,
			// A log-in waits at most a second for Redis (a command queues while it connects), then falls back.
			maxRetriesPerRequest: 1,
			commandTimeout: 1000
		});
		this.redis.on('error', (error: Error) => log('login throttle: redis error', { error: error.message }));
	}

	async check(email: string, ip: string, now: Date = new Date()): Promise<ThrottleDecision> {
		try {
			const waitMs = Number(
				await this.redis.eval(
					CHECK,
					2,
					this.accountKey(email),
					this.ipKey(ip),
					now.getTime(),
					JSON.stringify(throttleDefaults.accountWaitsSeconds),
					throttleDefaults.ipBucketMax,
					throttleDefaults.ipRefillIntervalSeconds * 1000,
					throttleDefaults.forgetAccountAfterMs
				)
			);
			if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
			return { allowed: true };
		} catch (error) {
			this.log('login throttle: redis unavailable, limiting in this process', { error: String(error) });
			return this.fallback.check(email, ip, now);
		}
	}

	async recordFailure(email: string, ip: string, now: Date = new Date()): Promise<void> {
		this.fallback.recordFailure(email, ip, now);
		await this.redis.eval(RESTART, 1, this.accountKey(email), now.getTime()).catch(() => {});
	}

	async recordSuccess(email: string): Promise<void> {
		this.fallback.recordSuccess(email);
		await this.redis.del(this.accountKey(email)).catch(() => {});
	}

	async close(): Promise<void> {
		await this.redis.quit().catch(() => {});
	}

	// One counter per account however the address is typed (as in LoginThrottle).
	private accountKey(email: string): string {
		return `${this.prefix}:account:${email.trim().toLowerCase()}`;
	}

	private ipKey(ip: string): string {
		return `${this.prefix}:ip:${ip}`;
	}
}
