// Awareness floods (LOAD-1): clients that send carets far faster than anyone can see them. The awareness
// guard forwards at most 20 frames per second per connection and then the newest state when its window
// ends, so a peer sees a bounded rate and still ends on the flooder's latest caret; meanwhile an editor on
// another document keeps being acknowledged, and what it saw acknowledged is stored.
import * as decoding from 'lib0/decoding';
import { expect } from 'vitest';
import type { SignedUp } from '../../support/http-client.ts';
import { createWorkspaceDocument } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/server.ts';
import { Canary, expectCanariesStored, type CanaryFigures } from '../support/canary.ts';
import { joinRaw, sleep, type RawPeer } from '../support/raw-peer.ts';
import { scrapeMetrics } from '../support/services.ts';
import { MessageType, awarenessFrame, awarenessUpdate } from '../support/wire.ts';

/** What the guard promises per connection and one-second window: 20 admitted, plus the held-back newest. */
const PER_WINDOW = 20 + 1;

export interface AwarenessFloodFigures {
	backend: string;
	flooders: number;
	framesPerSecond: number;
	durationMs: number;
	sentPerFlooder: number;
	/** Per flooder: frames carrying its state that reached the watcher, and the most in any sliding second. */
	forwarded: number[];
	maxInAnySecond: number[];
	allowedPerFlooder: number;
	serverCpuSecondsPerSecond: number;
	canary: CanaryFigures;
}

/** Client ids and their states in one awareness update (y-protocols encoding). */
function readAwareness(
	payload: Uint8Array
): { clientId: number; clock: number; state: Record<string, unknown> | null }[] {
	const decoder = decoding.createDecoder(payload);
	const count = decoding.readVarUint(decoder);
	const entries = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown> | null;
		entries.push({ clientId, clock, state });
	}
	return entries;
}

function maxInWindow(times: number[], windowMs: number): number {
	let best = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

export async function awarenessFlood(
	server: TestServer,
	owner: SignedUp,
	{
		flooders,
		framesPerSecond,
		durationMs
	}: { flooders: number; framesPerSecond: number; durationMs: number },
	seed: number
): Promise<AwarenessFloodFigures> {
	const documentId = await createWorkspaceDocument(owner, 'Flooded presence');
	const join = () =>
		joinRaw(server.wsUrl, documentId, { cookie: owner.client.cookieHeader, origin: server.url });
	const watcher = await join();
	const floods: RawPeer[] = [];
	for (let i = 0; i < flooders; i++) floods.push(await join());
	const canary = await Canary.start(server, owner, { label: `awareness-${seed}` });
	try {
		// Awareness client ids are the flooders' own (a provider uses its Y.Doc's clientID); seeded, distinct.
		const clientIds = floods.map((_, i) => 1_000_000 + ((seed + i * 7919) % 1_000_000));
		const seenAt = clientIds.map(() => [] as number[]);
		const lastSeq = clientIds.map(() => -1);
		const lastClock = clientIds.map(() => 0);
		/** Forwarded states whose clock did not move forward: a real peer's Awareness would ignore them. */
		let staleClocks = 0;
		watcher.onFrame((frame, receivedAt) => {
			if (frame.type !== MessageType.Awareness || !frame.payload) return;
			for (const { clientId, clock, state } of readAwareness(frame.payload)) {
				const index = clientIds.indexOf(clientId);
				if (index < 0 || !state) continue;
				seenAt[index]?.push(receivedAt);
				if (clock <= (lastClock[index] as number)) staleClocks++;
				else {
					lastClock[index] = clock;
					lastSeq[index] = Number(state.seq);
				}
			}
		});

		const cpuBefore = (await scrapeMetrics(server)).get('process_cpu_seconds_total') ?? 0;
		const started = Date.now();
		let sent = 0;
		// Catch up to the target rate on every tick: timers on a busy machine fire late, the rate must not sag.
		while (Date.now() - started < durationMs) {
			const due = Math.floor(((Date.now() - started) / 1000) * framesPerSecond);
			for (; sent < due; sent++) {
				floods.forEach((flood, i) => {
					const state = { cursor: { anchor: sent, head: sent }, seq: sent };
					flood.send(awarenessFrame(documentId, awarenessUpdate(clientIds[i] as number, sent + 1, state)));
				});
			}
			await sleep(5);
		}
		const floodMs = Date.now() - started;
		// The newest state is held until its window ends (≤ 1 s), then forwarded.
		await sleep(1500);
		const cpuAfter = (await scrapeMetrics(server)).get('process_cpu_seconds_total') ?? 0;
		const canaryFigures = await canary.stop();

		const allowed = PER_WINDOW * (Math.ceil(floodMs / 1000) + 1);
		const forwarded = seenAt.map((times) => times.length);
		const maxInAnySecond = seenAt.map((times) => maxInWindow(times, 1000));
		floods.forEach((flood, i) => {
			expect(forwarded[i], `flooder ${i}: forwarded frames over ${floodMs} ms`).toBeLessThanOrEqual(allowed);
			// A sliding second can straddle two of the guard's windows, never more.
			expect(maxInAnySecond[i], `flooder ${i}: most frames forwarded in one second`).toBeLessThanOrEqual(
				2 * PER_WINDOW
			);
			expect(lastSeq[i], `flooder ${i}: the watcher ends on the newest state`).toBe(sent - 1);
			expect(flood.isOpen(), `flooder ${i}: throttled, not disconnected`).toBe(true);
		});
		expect(staleClocks, 'forwarded states a peer would ignore (clock not newer)').toBe(0);
		expect(watcher.isOpen()).toBe(true);
		for (const peer of [watcher, ...floods]) peer.socket.close(1000);
		await expectCanariesStored(server, [canary]);
		return {
			backend: server.backend,
			flooders,
			framesPerSecond,
			durationMs: floodMs,
			sentPerFlooder: sent,
			forwarded,
			maxInAnySecond,
			allowedPerFlooder: allowed,
			serverCpuSecondsPerSecond:
				Math.round(((cpuAfter - cpuBefore) / ((Date.now() - started) / 1000)) * 100) / 100,
			canary: canaryFigures
		};
	} finally {
		canary.dispose();
	}
}
