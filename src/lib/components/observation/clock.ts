// Observation times come from the server's clock when this browser has measured its offset (server-
// clock.ts), so notes and taps from several devices line up and sort the same for everyone; otherwise
// from this device's clock, and they say so (`clock: 'device'`).
import { serverClockKnown, serverNow, syncServerClock } from '$lib/collab/server-clock';
import type { Stamp } from '$lib/domain/observation/write';

export function stampNow(): Stamp {
	return { at: new Date(serverNow()), clock: serverClockKnown() ? 'server' : 'device' };
}

/** Measures the offset now (and again when it is old); never throws, offline neither. */
export function syncClock(): Promise<void> {
	return syncServerClock();
}
