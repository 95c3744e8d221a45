// The server's clock, as seen from this browser. Device clocks drift by seconds or minutes; shared timers
// and observation notes must agree for everyone, so they use `serverNow()`. The offset is estimated the
// NTP way: a few round trips to /api/v1/time, keeping the one with the shortest round trip.
const SAMPLES = 4;
const RESAMPLE_MS = 10 * 60 * 1000;

const STORAGE_KEY = 'tandem:server-clock-offset';

let offsetMs = 0;
let known = false;
let lastSync = 0;
let syncing: Promise<void> | null = null;

// A page reloaded offline still knows the offset it measured last (the clocks drift slowly).
try {
	const saved = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
	if (Number.isFinite(saved) && globalThis.localStorage?.getItem(STORAGE_KEY) !== null) {
		offsetMs = saved;
		known = true;
	}
} catch {
	// Storage blocked (private mode): measure again when online.
}

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
			try {
				localStorage.setItem(STORAGE_KEY, String(Math.round(offsetMs)));
			} catch {
				// Not kept: measured again on the next load.
			}
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

/** Whether `serverNow()` is corrected by a measurement, now or remembered (false: this device's clock). */
export function serverClockKnown(): boolean {
	return known;
}
