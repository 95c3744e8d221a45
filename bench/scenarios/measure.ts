// Pieces S1–S3 share: which clients join which document, and one measured window with the server's figures
// taken around it.
import type { ClientSpec, GeneratorHandle, WindowStats } from '../generator/handle.ts';
import type { BenchServer, EventLoopLag, JoinInfo, ServerMemory } from '../scenario.ts';

export interface MeasuredWindow {
	stats: WindowStats;
	/** Server CPU over the window, seconds. */
	serverCpuSeconds: number;
	/** CPU of the Postgres backends on the server's database over the window (servers with one). */
	databaseCpuSeconds?: number;
	/** Server CPU per update delivered to a client, µs. */
	cpuPerDeliveryMicros?: number;
	deliveriesPerSecond: number;
	/** Bytes received by all clients per delivered update (awareness included). */
	bytesPerDelivery?: number;
	lag?: EventLoopLag;
	memory: ServerMemory;
}

/** `perDocument` clients on each document; the first `probesPerDocument` of them on each are probes. */
export function clientsFor(joins: JoinInfo[], perDocument: number, probesPerDocument: number): ClientSpec[] {
	return joins.flatMap((join) =>
		Array.from({ length: perDocument }, (_, i): ClientSpec => ({
			join,
			role: i < probesPerDocument ? 'probe' : 'load'
		}))
	);
}

export async function measureWindow(
	server: BenchServer,
	generator: GeneratorHandle,
	durationMs: number
): Promise<MeasuredWindow> {
	const databaseBefore = await server.databaseCpuSeconds?.();
	const cpuBefore = await server.cpuSeconds();
	await server.eventLoopLag({ reset: true });
	const stats = await generator.measure(durationMs);
	const serverCpuSeconds = (await server.cpuSeconds()) - cpuBefore;
	const databaseAfter = await server.databaseCpuSeconds?.();
	const lag = await server.eventLoopLag();
	const memory = await server.memory();
	return {
		stats,
		serverCpuSeconds,
		databaseCpuSeconds:
			databaseBefore === undefined || databaseAfter === undefined
				? undefined
				: databaseAfter - databaseBefore,
		cpuPerDeliveryMicros: stats.deliveries > 0 ? (serverCpuSeconds / stats.deliveries) * 1e6 : undefined,
		deliveriesPerSecond: stats.deliveries / (stats.durationMs / 1000),
		bytesPerDelivery: stats.deliveries > 0 ? stats.receivedBytes / stats.deliveries : undefined,
		lag,
		memory
	};
}

/**
 * Waits until the server has worked off what the last load left queued (CPU under 5% over 500 ms), so one
 * measurement does not pay for the one before it. Gives up after `timeoutMs`.
 */
export async function settle(server: BenchServer, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let before = await server.cpuSeconds();
	while (Date.now() < deadline) {
		await sleep(500);
		const now = await server.cpuSeconds();
		if (now - before < 0.025) return;
		before = now;
	}
}

/** p99 in ms, or undefined when no sample arrived (so it can never look good). */
export function p99(window: MeasuredWindow | undefined): number | undefined {
	if (!window || window.stats.latency.count === 0) return undefined;
	return window.stats.latency.p99;
}

/** Tandem's p99 for a target: no samples at all is a miss, not a missing figure. */
export function tandemP99(window: MeasuredWindow | undefined): number | undefined {
	if (!window) return undefined;
	return window.stats.latency.count === 0 ? Infinity : window.stats.latency.p99;
}

/** Deliveries over what full fan-out would deliver: every update sent reaching the other `peers` clients. */
export function deliveredShare(window: MeasuredWindow, peers: number): number | undefined {
	const expected = window.stats.updatesSent * peers;
	return expected > 0 ? window.stats.deliveries / expected : undefined;
}

export function percent(share: number | undefined): string {
	return share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** Latency cells: a dash when nothing was measured, rather than zeros. */
export function latencyCells(window: MeasuredWindow, keys: ('p50' | 'p90' | 'p99' | 'max')[]): string[] {
	const latency = window.stats.latency;
	return keys.map((key) => (latency.count === 0 ? '—' : String(Number(latency[key].toFixed(2)))));
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
