// The only place SvelteKit code reaches the process runtime (database, collaboration, config).
import { getRuntime } from '../runtime.ts';
import type { Db } from '../db/client.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { SharedLoginThrottle, type LoginLimiter } from '../auth/shared-login-throttle.ts';

export const db = (): Db => getRuntime().database.db;
export const runtime = getRuntime;

const limiters = new Map<string, LoginLimiter>();

function limiterFor(prefix: string): LoginLimiter {
	let limiter = limiters.get(prefix);
	if (!limiter) {
		const redisUrl = getRuntime().config.redisUrl;
		limiter = redisUrl
			? new SharedLoginThrottle(redisUrl, (message, fields) => console.warn(message, fields ?? ''), prefix)
			: new LoginThrottle();
		limiters.set(prefix, limiter);
	}
	return limiter;
}

/** Log-in limits: in this process, or shared by every process through Redis when REDIS_URL joins them. */
export const loginLimiter = (): LoginLimiter => limiterFor('tandem:login');

/** The same rules for "Forgot password" requests, counted apart so asking for a link never blocks a log-in. */
export const resetRequestLimiter = (): LoginLimiter => limiterFor('tandem:password-reset');
