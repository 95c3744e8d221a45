// The server's clock, as seen from this browser. Device clocks drift by seconds or minutes; shared timers
// and observation notes must agree for everyone, so they use `serverNow()`. The offset is estimated the
// NTP way: a few round trips to /api/v1/time, keeping the one with the shortest round trip.
const SAMPLES = 4;
const RESAMPLE_MS = 10 * 60 * 1000;

let offsetMs = 0;
let known = false;
let lastSync = 0;
let syncing: Promise<void> | null = null;

async function sample(): Promise<{ offset: number; roundTrip: number } | null> {
	const sent = Date.now();
	try {
		const response = await fetch('/api/v1/time', { cache: 'no-store' });
		if (!response.ok) return null;
		const { now } = (await response.json()) as { now: number };
		const received = Date.now();
		// The server read its clock about halfway through the round trip.
		return { offset: now - (sent + received) / 2, roundTrip: received - sent };
	} catch {
		return null;
	}
}

/** Measures the offset (again, if it is old); resolves without throwing, offline too. */
export function syncServerClock(): Promise<void> {
	if (syncing) return syncing;
	if (known && Date.now() - lastSync < RESAMPLE_MS) return Promise.resolve();
	syncing = (async () => {
		const results: { offset: number; roundTrip: number }[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			const result = await sample();
			if (result) results.push(result);
		}
		const best = results.sort((a, b) => a.roundTrip - b.roundTrip)[0];
		if (best) {
			offsetMs = best.offset;
			known = true;
			lastSync = Date.now();
		}
	})().finally(() => {
		syncing = null;
	});
	return syncing;
}

/** Now, on the server's clock when it is known, else on this device's. */
export function serverNow(): number {
	return Date.now() + offsetMs;
}

/** Whether `serverNow()` is corrected by a measurement (false: this device's clock, offline). */
export function serverClockKnown(): boolean {
	return known;
}
