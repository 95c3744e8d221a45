// Shared pieces of the benchmarks: percentiles from HDR histograms, the machine, and the report files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');

export function histogram() {
	return hdr.build({
		lowestDiscernibleValue: 1,
		highestTrackableValue: 60_000_000,
		numberOfSignificantValueDigits: 3
	});
}

/** Percentiles in milliseconds from a histogram recorded in microseconds. */
export function percentiles(h: ReturnType<typeof histogram>) {
	const ms = (us: number) => Math.round(us) / 1000;
	return {
		count: h.totalCount,
		p50: ms(h.getValueAtPercentile(50)),
		p90: ms(h.getValueAtPercentile(90)),
		p99: ms(h.getValueAtPercentile(99)),
		max: ms(h.maxValue)
	};
}

export function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		cpuMhz: cpus[0]?.speed ?? 0,
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		/** Busy machines make slow benchmarks: the load average when the report was written. */
		loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
		/** Servers on core 0 and the load generator on core 1, when taskset exists and there are two cores. */
		pinned: cpus.length >= 2 && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0
	};
}

export function machineLine(m = machine()): string {
	return `${m.cpu}, ${m.cores} cores${m.cpuMhz > 0 ? ` at ${m.cpuMhz} MHz` : ''}, ${m.memoryGb} GiB, Node ${m.node}, ${m.platform}; load average ${m.loadAverage.join(' / ')}; ${m.pinned ? 'servers pinned to core 0, generator to core 1' : 'not pinned (no taskset or one core)'}`;
}

export function writeReport(scenario: string, results: unknown, summaryMarkdown: string): string {
	mkdirSync(resultsDir, { recursive: true });
	const date = new Date().toISOString().slice(0, 10);
	const json = path.join(resultsDir, `${date}-${scenario}.json`);
	writeFileSync(
		json,
		JSON.stringify({ scenario, date: new Date().toISOString(), machine: machine(), results }, null, 2)
	);
	writeFileSync(path.join(resultsDir, `latest-${scenario}.md`), summaryMarkdown);
	return json;
}
