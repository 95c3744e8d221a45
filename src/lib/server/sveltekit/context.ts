// The only place SvelteKit code reaches the process runtime (database, collaboration, config).
import { getRuntime } from '../runtime.ts';
import type { Db } from '../db/client.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { SharedLoginThrottle, type LoginLimiter } from '../auth/shared-login-throttle.ts';

export const db = (): Db => getRuntime().database.db;
export const runtime = getRuntime;

let limiter: LoginLimiter | null = null;

/** Log-in limits: in this process, or shared by every process through Redis when REDIS_URL joins them. */
export function loginLimiter(): LoginLimiter {
	if (!limiter) {
		const redisUrl = getRuntime().config.redisUrl;
		limiter = redisUrl
			? new SharedLoginThrottle(redisUrl, (message, fields) => console.warn(message, fields ?? ''))
			: new LoginThrottle();
	}
	return limiter;
}
