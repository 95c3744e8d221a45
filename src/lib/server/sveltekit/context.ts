// The only place SvelteKit code reaches the process runtime (database, collaboration, config).
import { getRuntime } from '../runtime.ts';
import type { Db } from '../db/client.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';

export const db = (): Db => getRuntime().database.db;
export const runtime = getRuntime;

/** Per process; several processes would share limits through Redis (rate-limiter-flexible). */
export const loginThrottle = new LoginThrottle();
