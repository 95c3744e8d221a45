// Login rate limiting after the Lucia examples: exponential back-off per account, a refilling token
// bucket per client IP. State lives in this process's memory, so with several app processes each one
// limits on its own; rate-limiter-flexible on Redis is the path to a shared limit.

export const throttleDefaults = {
	// Wait before each further attempt on one account: the 1st and 2nd attempts are free, the 3rd waits 1 s...
	accountWaitsSeconds: [0, 1, 2, 4, 8, 16, 30, 60, 180, 300],
	ipBucketMax: 20,
	ipRefillIntervalSeconds: 1,
	// An account nobody has tried for this long starts over; longer than the longest wait.
	forgetAccountAfterMs: 60 * 60 * 1000,
	sweepIntervalMs: 60 * 1000,
	// Hard cap per table; beyond it the oldest keys are dropped so a flood of new keys cannot exhaust memory.
	maxKeys: 100_000
} as const;

interface BackoffCounter {
	step: number;
	updatedAt: number;
}

// Lucia's Throttler with the clock passed in: consume() is false until the current step's wait has passed.
export class Throttler<Key> {
	private readonly counters = new Map<Key, BackoffCounter>();

	constructor(
		private readonly waitsSeconds: readonly number[],
		private readonly maxKeys: number = throttleDefaults.maxKeys
	) {}

	consume(key: Key, now: number): boolean {
		const counter = this.counters.get(key);
		if (!counter) {
			this.insert(key, { step: 0, updatedAt: now });
			return true;
		}
		if (this.waitMs(key, now) > 0) return false;
		counter.updatedAt = now;
		counter.step = Math.min(counter.step + 1, this.waitsSeconds.length - 1);
		return true;
	}

	// Milliseconds until consume() would succeed.
	waitMs(key: Key, now: number): number {
		const counter = this.counters.get(key);
		if (!counter) return 0;
		return Math.max(0, counter.updatedAt + (this.waitsSeconds[counter.step] ?? 0) * 1000 - now);
	}

	// Start the current wait over from `now` without moving to the next step.
	restart(key: Key, now: number): void {
		const counter = this.counters.get(key);
		if (counter) counter.updatedAt = Math.max(counter.updatedAt, now);
	}

	reset(key: Key): void {
		this.counters.delete(key);
	}

	sweep(now: number, idleMs: number): void {
		for (const [key, counter] of this.counters) {
			if (now - counter.updatedAt >= idleMs) this.counters.delete(key);
		}
	}

	get size(): number {
		return this.counters.size;
	}

	private insert(key: Key, counter: BackoffCounter): void {
		evictOldest(this.counters, this.maxKeys);
		this.counters.set(key, counter);
	}
}

interface Bucket {
	count: number;
	refilledAt: number;
}

// Lucia's RefillingTokenBucket with the clock passed in: up to `max` tokens, one more every interval.
export class RefillingTokenBucket<Key> {
	private readonly buckets = new Map<Key, Bucket>();
	private readonly intervalMs: number;

	constructor(
		private readonly max: number,
		refillIntervalSeconds: number,
		private readonly maxKeys: number = throttleDefaults.maxKeys
	) {
		this.intervalMs = refillIntervalSeconds * 1000;
	}

	check(key: Key, cost: number, now: number): boolean {
		return this.waitMs(key, cost, now) === 0;
	}

	consume(key: Key, cost: number, now: number): boolean {
		const bucket = this.buckets.get(key);
		if (!bucket) {
			if (cost > this.max) return false;
			evictOldest(this.buckets, this.maxKeys);
			this.buckets.set(key, { count: this.max - cost, refilledAt: now });
			return true;
		}
		this.refill(bucket, now);
		if (bucket.count < cost) return false;
		bucket.count -= cost;
		return true;
	}

	// Milliseconds until `cost` tokens are available.
	waitMs(key: Key, cost: number, now: number): number {
		const bucket = this.buckets.get(key);
		if (!bucket) return 0;
		const refills = Math.floor((now - bucket.refilledAt) / this.intervalMs);
		const count = Math.min(bucket.count + refills, this.max);
		if (count >= cost) return 0;
		return bucket.refilledAt + (refills + cost - count) * this.intervalMs - now;
	}

	// A bucket that has refilled to max behaves exactly like a missing one, so it can go.
	sweep(now: number): void {
		for (const [key, bucket] of this.buckets) {
			if (bucket.count + Math.floor((now - bucket.refilledAt) / this.intervalMs) >= this.max) {
				this.buckets.delete(key);
			}
		}
	}

	get size(): number {
		return this.buckets.size;
	}

	private refill(bucket: Bucket, now: number): void {
		const refills = Math.floor((now - bucket.refilledAt) / this.intervalMs);
		if (refills <= 0) return;
		bucket.count = Math.min(bucket.count + refills, this.max);
		bucket.refilledAt += refills * this.intervalMs;
	}
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
	private readonly accounts = new Throttler<string>(throttleDefaults.accountWaitsSeconds);
	private readonly ips = new RefillingTokenBucket<string>(
		throttleDefaults.ipBucketMax,
		throttleDefaults.ipRefillIntervalSeconds
	);
	private lastSweep = 0;

	// Call before verifying the password. An allowed attempt is charged here, not in recordFailure:
	// parallel requests would otherwise all pass while their password hashes are still being computed.
	check(email: string, ip: string, now: Date = new Date()): ThrottleDecision {
		const t = now.getTime();
		this.sweep(t);
		const key = accountKey(email);
		const waitMs = Math.max(this.accounts.waitMs(key, t), this.ips.waitMs(ip, 1, t));
		if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
		this.accounts.consume(key, t);
		this.ips.consume(ip, 1, t);
		return { allowed: true };
	}

	// The back-off runs from when the failure was known, so a slow hash does not eat into the wait.
	// The IP's token was already spent in check().
	recordFailure(email: string, _ip: string, now: Date = new Date()): void {
		this.accounts.restart(accountKey(email), now.getTime());
	}

	recordSuccess(email: string): void {
		this.accounts.reset(accountKey(email));
	}

	get trackedKeys(): { accounts: number; ips: number } {
		return { accounts: this.accounts.size, ips: this.ips.size };
	}

	private sweep(t: number): void {
		if (t - this.lastSweep < throttleDefaults.sweepIntervalMs) return;
		this.lastSweep = t;
		this.accounts.sweep(t, throttleDefaults.forgetAccountAfterMs);
		this.ips.sweep(t);
	}
}

// One counter per account however the address is typed.
const accountKey = (email: string) => email.trim().toLowerCase();

function evictOldest<Key>(map: Map<Key, unknown>, maxKeys: number): void {
	for (const key of map.keys()) {
		if (map.size < maxKeys) return;
		map.delete(key);
	}
}
