// S1 propagation (issue #7): one document with 10 clients, then 50, each typing 5 chars/s and moving its
// cursor at 2 Hz. Measures keystroke → remote apply p50/p99 (probe to probe) and server CPU per delivered
// update.
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

const TYPING_HZ = 5;
const CURSOR_HZ = 2;

export interface S1Plan {
	/** Clients on the document, one measurement each. */
	sizes: number[];
	probes: number;
	warmupMs: number;
	windowMs: number;
}

function defaultPlan(context: ScenarioContext): S1Plan {
	return {
		sizes: context.scale([10, 50], [4, 8]),
		probes: context.scale(5, 3),
		warmupMs: context.scale(1500, 300),
		windowMs: context.scale(8000, 1500)
	};
}

export interface S1Point {
	clients: number;
	probes: number;
	connect: ConnectResult;
	window: MeasuredWindow;
}

export interface S1Run {
	points: S1Point[];
}

/** S1 with its own sizes and durations (the smoke test runs a tiny one). */
export function propagationScenario(
	plan: (context: ScenarioContext) => S1Plan = defaultPlan
): Scenario<S1Run> {
	return {
		id: 's1',
		title: 'S1 propagation: one document, 10 then 50 clients typing 5 chars/s with cursors at 2 Hz',

		async run(server, context) {
			const { sizes, probes, warmupMs, windowMs } = plan(context);
			const generator = await context.generator();
			const points: S1Point[] = [];
			for (const clients of sizes) {
				const [document] = await server.prepareDocuments(1, `S1 ${clients} clients`);
				const connect = await generator.connect({
					clients: clientsFor([document!], clients, Math.min(probes, clients)),
					syncedOnOpen: server.kind === 'relay'
				});
				if (connect.failed > 0)
					throw new Error(
						`${connect.failed} of ${clients} clients did not sync: ${connect.errors.join('; ')}`
					);
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
					`${server.kind} N=${clients}: p99 ${window.stats.latency.p99} ms, ${fmt(window.cpuPerDeliveryMicros)} µs CPU/delivery`
				);
				points.push({ clients, probes: Math.min(probes, clients), connect, window });
			}
			return { points };
		},

		summarize(runs, context) {
			const { sizes, windowMs } = plan(context);
			const sections: string[] = [
				`Each client types ${TYPING_HZ} chars/s and moves its cursor at ${CURSOR_HZ} Hz; ${windowMs / 1000} s measured window after a warm-up. Latency is keystroke → applied on another probe's Y.Doc; "delivery" is an update received by a client from another client (a batched frame counts each update in it); CPU per delivery is server CPU in the window over deliveries counted at all sockets; the Postgres backends serving a server's own database are shown apart (Tandem commits every update there).`
			];
			const targets: TargetOutcome[] = [];
			for (const [index, clients] of sizes.entries()) {
				const at = (run: ServerRun<S1Run>) => run.run?.points[index];
				sections.push(
					`### ${clients} clients on one document`,
					table(
						[
							'server',
							'p50 ms',
							'p90 ms',
							'p99 ms',
							'max ms',
							'samples',
							'deliveries/s',
							'delivered',
							'server CPU ms',
							'its Postgres CPU ms',
							'CPU µs/delivery',
							'bytes/delivery',
							'server RSS MB',
							'generator CPU'
						],
						runs.map((run) => {
							const point = at(run);
							if (!point) return [run.kind, `failed: ${run.error ?? 'no data'}`];
							const w = point.window;
							return [
								run.kind + (run.void ? ' (void)' : ''),
								...latencyCells(w, ['p50', 'p90', 'p99', 'max']),
								w.stats.latency.count,
								fmt(w.deliveriesPerSecond),
								percent(deliveredShare(w, clients - 1)),
								fmt(w.serverCpuSeconds * 1000),
								fmt(w.databaseCpuSeconds === undefined ? undefined : w.databaseCpuSeconds * 1000),
								fmt(w.cpuPerDeliveryMicros),
								fmt(w.bytesPerDelivery, 0),
								fmt(w.memory.rss / 2 ** 20),
								`${Math.round(w.stats.generatorCpuShare * 100)}%`
							];
						})
					)
				);
				const tandem = runOf(runs, 'tandem');
				const relay = runOf(runs, 'relay');
				const tandemPoint = tandem ? at(tandem) : undefined;
				const best = bestReference(runs, (run) => p99(run.points[index]?.window));
				const p99Ratio = ratio(tandemP99(tandemPoint?.window), best?.value);
				const cpuRatio = ratio(
					tandemPoint?.window.cpuPerDeliveryMicros,
					relay ? at(relay)?.window.cpuPerDeliveryMicros : undefined
				);
				sections.push(
					`Tandem / best reference (${best?.kind ?? '—'}) p99: ${fmtRatio(p99Ratio)}; Tandem / relay CPU per delivery: ${fmtRatio(cpuRatio)}.`
				);
				targets.push(
					atMost(
						`S1 p99 at ${clients} clients ≤ 1.0 × the better of y-websocket and Hocuspocus`,
						p99Ratio,
						1.0,
						`${fmt(p99(tandemPoint?.window))} ms vs ${best?.kind ?? '—'} ${fmt(best?.value)} ms (${fmtRatio(p99Ratio)})`,
						[tandem, best?.run]
					),
					atMost(
						`S1 server CPU per delivered update at ${clients} clients ≤ 1.5 × raw ws fan-out`,
						cpuRatio,
						1.5,
						`${fmt(tandemPoint?.window.cpuPerDeliveryMicros)} µs vs relay ${fmt(relay ? at(relay)?.window.cpuPerDeliveryMicros : undefined)} µs (${fmtRatio(cpuRatio)})`,
						[tandem, relay]
					)
				);
			}
			sections.push('### Targets', targetsTable(targets));
			return { markdown: sections.join('\n\n'), targets };
		}
	};
}

export const s1Propagation = propagationScenario();
