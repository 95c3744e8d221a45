// S2 hot document (issue #7): N clients join one document within 1 s, then each sends 1 op/s and moves its
// cursor at 5 Hz, for N = 50, 100, 200 (a fresh document each). Measures how long the join storm takes to
// be synced, p99 propagation, event-loop lag, and server CPU per delivery as N grows.
import type { ConnectResult } from '../generator/handle.ts';
import { atMost, bestReference, fmt, fmtRatio, ratio, runOf, table, targetsTable } from '../report.ts';
import type { Scenario, ScenarioContext, ServerRun, TargetOutcome } from '../scenario.ts';
import {
	clientsFor,
	deliveredShare,
	latencyCells,
	measureWindow,
	p99,
	percent,
	settle,
	sleep,
	tandemP99,
	type MeasuredWindow
} from './measure.ts';

const TYPING_HZ = 1;
const CURSOR_HZ = 5;

function plan(context: ScenarioContext) {
	return {
		sizes: context.scale([50, 100, 200], [10, 20, 40]),
		probes: context.scale(10, 4),
		joinWindowMs: context.scale(1000, 300),
		warmupMs: context.scale(1500, 300),
		windowMs: context.scale(6000, 1500)
	};
}

export interface S2Point {
	clients: number;
	probes: number;
	connect: ConnectResult;
	window: MeasuredWindow;
}

export interface S2Run {
	points: S2Point[];
}

export const s2HotDocument: Scenario<S2Run> = {
	id: 's2',
	title: 'S2 hot document: 50, 100, 200 clients join one document within 1 s, 1 op/s and cursors at 5 Hz',

	async run(server, context) {
		const { sizes, probes, joinWindowMs, warmupMs, windowMs } = plan(context);
		const generator = await context.generator();
		const points: S2Point[] = [];
		for (const clients of sizes) {
			const [document] = await server.prepareDocuments(1, `S2 ${clients} clients`);
			const connect = await generator.connect({
				clients: clientsFor([document!], clients, Math.min(probes, clients)),
				spreadMs: joinWindowMs,
				syncedOnOpen: server.kind === 'relay',
				timeoutMs: 30_000
			});
			if (connect.failed > 0)
				throw new Error(`${connect.failed} of ${clients} clients did not sync: ${connect.errors.join('; ')}`);
			await generator.start({
				opsPerSecond: TYPING_HZ,
				cursorHz: CURSOR_HZ,
				seconds: (warmupMs + windowMs) / 1000 + 2
			});
			await sleep(warmupMs);
			const window = await measureWindow(server, generator, windowMs);
			await generator.stop();
			await generator.close();
			await settle(server);
			context.log(
				`${server.kind} N=${clients}: synced ${connect.afterLastJoinMs} ms after the last join, p99 ${fmt(p99(window))} ms, lag p99 ${fmt(window.lag?.p99Ms)} ms, ${fmt(window.cpuPerDeliveryMicros)} µs CPU/delivery`
			);
			points.push({ clients, probes: Math.min(probes, clients), connect, window });
		}
		return { points };
	},

	summarize(runs, context) {
		const { sizes, joinWindowMs, windowMs } = plan(context);
		const sections: string[] = [
			`N clients start joining one fresh document spread evenly over ${joinWindowMs} ms; "synced after the last join" is from the last client's start until every client holds the document (on the relay, until its socket is open: nobody answers a join there but peers). Then each types ${TYPING_HZ} op/s with cursor moves at ${CURSOR_HZ} Hz; ${windowMs / 1000} s measured window. Event-loop lag is the server's monitorEventLoopDelay in the window, net of its 10 ms tick.`
		];
		const targets: TargetOutcome[] = [];
		for (const [index, clients] of sizes.entries()) {
			const at = (run: ServerRun<S2Run>) => run.run?.points[index];
			sections.push(
				`### ${clients} clients on one document`,
				table(
					[
						'server',
						'all synced ms (from first join)',
						'synced after last join ms',
						'join→synced p99 ms',
						'p50 ms',
						'p99 ms',
						'max ms',
						'samples',
						'deliveries/s',
						'delivered',
						'CPU µs/delivery',
						'loop lag p99 ms',
						'server RSS MB',
						'generator CPU'
					],
					runs.map((run) => {
						const point = at(run);
						if (!point) return [run.kind, `failed: ${run.error ?? 'no data'}`];
						const w = point.window;
						return [
							run.kind + (run.void ? ' (void)' : ''),
							fmt(point.connect.allSyncedMs),
							fmt(point.connect.afterLastJoinMs),
							fmt(point.connect.syncMs.p99),
							...latencyCells(w, ['p50', 'p99', 'max']),
							w.stats.latency.count,
							fmt(w.deliveriesPerSecond),
							percent(deliveredShare(w, clients - 1)),
							fmt(w.cpuPerDeliveryMicros),
							fmt(w.lag?.p99Ms),
							fmt(w.memory.rss / 2 ** 20),
							`${Math.round(w.stats.generatorCpuShare * 100)}%`
						];
					})
				)
			);
			const tandemPoint = (() => {
				const run = runOf(runs, 'tandem');
				return run ? at(run) : undefined;
			})();
			const relayRun = runOf(runs, 'relay');
			const best = bestReference(runs, (run) => p99(run.points[index]?.window));
			sections.push(
				`Tandem / best reference (${best?.kind ?? '—'}) p99: ${fmtRatio(ratio(tandemP99(tandemPoint?.window), best?.value))}; Tandem / relay CPU per delivery: ${fmtRatio(ratio(tandemPoint?.window.cpuPerDeliveryMicros, relayRun ? at(relayRun)?.window.cpuPerDeliveryMicros : undefined))}.`
			);
		}

		sections.push(
			'### CPU per delivery as N grows',
			table(
				['server', ...sizes.map((n) => `N=${n} µs`), `N=${sizes.at(-1)} / N=${sizes[0]}`],
				runs.map((run) => {
					const values = sizes.map((_, i) => run.run?.points[i]?.window.cpuPerDeliveryMicros);
					return [run.kind, ...values.map((v) => fmt(v)), fmtRatio(ratio(values.at(-1), values[0]))];
				})
			)
		);

		const tandem = runOf(runs, 'tandem');
		const points = tandem?.run?.points ?? [];
		const largest = points.at(-1);
		const middle = points[1];
		const growth = ratio(largest?.window.cpuPerDeliveryMicros, points[0]?.window.cpuPerDeliveryMicros);
		const lagWorst = Math.max(...points.map((p) => p.window.lag?.p99Ms ?? NaN));
		targets.push(
			atMost(
				`S2 all ${sizes.at(-1)} synced ≤ 0.5 s`,
				largest?.connect.afterLastJoinMs,
				500,
				`${fmt(largest?.connect.afterLastJoinMs)} ms after the last join (${fmt(largest?.connect.allSyncedMs)} ms from the first)`,
				[tandem]
			),
			atMost(
				`S2 p99 ≤ 50 ms at N=${sizes[1]}`,
				tandemP99(middle?.window),
				50,
				`${fmt(p99(middle?.window))} ms over ${middle?.window.stats.latency.count ?? 0} samples`,
				[tandem]
			),
			atMost(
				'S2 event-loop lag p99 ≤ 20 ms (worst N)',
				Number.isFinite(lagWorst) ? lagWorst : undefined,
				20,
				`${fmt(lagWorst)} ms`,
				[tandem]
			),
			atMost(
				`S2 CPU per delivery at N=${sizes.at(-1)} ≤ 1.2 × at N=${sizes[0]}`,
				growth,
				1.2,
				`${fmt(largest?.window.cpuPerDeliveryMicros)} vs ${fmt(points[0]?.window.cpuPerDeliveryMicros)} µs (${fmtRatio(growth)})`,
				[tandem]
			)
		);
		sections.push('### Targets (Tandem)', targetsTable(targets));
		return { markdown: sections.join('\n\n'), targets };
	}
};
