// Pieces S1–S3 share: which clients join which document, and one measured window with the server's figures
// taken around it.
import type { ClientSpec, GeneratorHandle, WindowStats } from '../generator/handle.ts';
import type { BenchServer, EventLoopLag, JoinInfo, ServerMemory } from '../scenario.ts';

export interface MeasuredWindow {
	stats: WindowStats;
	/** Server CPU over the window, seconds. */
	serverCpuSeconds: number;
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
	const cpuBefore = await server.cpuSeconds();
	await server.eventLoopLag({ reset: true });
	const stats = await generator.measure(durationMs);
	const serverCpuSeconds = (await server.cpuSeconds()) - cpuBefore;
	const lag = await server.eventLoopLag();
	const memory = await server.memory();
	return {
		stats,
		serverCpuSeconds,
		cpuPerDeliveryMicros: stats.deliveries > 0 ? (serverCpuSeconds / stats.deliveries) * 1e6 : undefined,
		deliveriesPerSecond: stats.deliveries / (stats.durationMs / 1000),
		bytesPerDelivery: stats.deliveries > 0 ? stats.receivedBytes / stats.deliveries : undefined,
		lag,
		memory
	};
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
