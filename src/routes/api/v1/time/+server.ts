import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The server's clock, so every device can agree on one time (shared timers, observation notes). */
export const GET: RequestHandler = () =>
	json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
