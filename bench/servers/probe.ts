// Preloaded (`--import`) into every server the bench starts, Tandem included, so each one reports the same
// figures the same way: heap, CPU and event-loop delay, over the IPC channel the launcher opened.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StatsRequest {
	type: 'bench-stats';
	id: number;
	resetLoop?: boolean;
}

export interface StatsReply {
	type: 'bench-stats';
	id: number;
	rss: number;
	heapUsed: number;
	cpuMicros: number;
	loop: { p50Ms: number; p99Ms: number; maxMs: number };
}

/**
 * The histogram records the time between the monitor's timer ticks, so an idle loop reads the resolution
 * itself (10 ms); the lag is what exceeds it.
 */
const RESOLUTION_MS = 10;
const lag = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS);

if (process.send) {
	const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
	loop.enable();
	process.on('message', (message: StatsRequest) => {
		if (message?.type !== 'bench-stats') return;
		const memory = process.memoryUsage();
		const cpu = process.cpuUsage();
		const reply: StatsReply = {
			type: 'bench-stats',
			id: message.id,
			rss: memory.rss,
			heapUsed: memory.heapUsed,
			cpuMicros: cpu.user + cpu.system,
			loop: {
				p50Ms: lag(loop.percentile(50)),
				p99Ms: lag(loop.percentile(99)),
				maxMs: lag(loop.max)
			}
		};
		if (message.resetLoop) loop.reset();
		process.send?.(reply);
	});
	// The channel must not keep a server alive that was told to stop.
	process.channel?.unref();
}
