// S3 breadth (issue #7): 2,500 documents × 2 clients (5,000 connections), then 5,000 × 2 (10,000). Measures
// RSS, heap, KB per connection, connect+sync time, idle CPU (awareness renewals only) and p99 while every
// client types 0.2 ops/s.
import type { ConnectResult } from '../generator/handle.ts';
import { atMost, bestReference, fmt, fmtRatio, MB, ratio, runOf, table, targetsTable } from '../report.ts';
import type {
	BenchServer,
	Scenario,
	ScenarioContext,
	ServerKind,
	ServerMemory,
	TargetOutcome
} from '../scenario.ts';
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

const TYPING_HZ = 0.2;

function plan(context: ScenarioContext) {
	return {
		/** Documents added per step: 2,500 (5,000 connections), then 2,500 more (10,000). */
		documentsPerStep: context.scale(2500, 60),
		steps: 2,
		/** Documents per step whose two clients are both probes: latency needs a probe at each end. */
		probeDocuments: context.scale(100, 5),
		concurrency: context.scale(100, 50),
		settleMs: context.scale(1000, 300),
		idleMs: context.scale(5000, 1500),
		windowMs: context.scale(6000, 1500)
	};
}

export interface S3Step {
	connections: number;
	documents: number;
	connect: ConnectResult;
	/** After the clients settled: the server's memory with every connection open. */
	memory: ServerMemory;
	kbPerConnection: number;
	/** No keystrokes: only awareness renewals (every 15 s per client). */
	idle: MeasuredWindow;
	idleCpuPercent: number;
	typing: MeasuredWindow;
}

export interface S3Run {
	/** The server's memory with its documents created and no client connected. */
	baseline: ServerMemory;
	steps: S3Step[];
}

async function growTo(server: BenchServer, context: ScenarioContext, step: number) {
	const { documentsPerStep, probeDocuments } = plan(context);
	const joins = await server.prepareDocuments(documentsPerStep, `S3 step ${step}`);
	return [
		...clientsFor(joins.slice(0, probeDocuments), 2, 2),
		...clientsFor(joins.slice(probeDocuments), 2, 0)
	];
}

export const s3Breadth: Scenario<S3Run> = {
	id: 's3',
	title: 'S3 breadth: 2,500 documents × 2 clients (5,000 connections), then 10,000 connections',

	async run(server, context) {
		const { steps, concurrency, settleMs, idleMs, windowMs } = plan(context);
		const generator = await context.generator();
		// Documents for the first step exist before the baseline, so it holds only what connections add.
		let clients = await growTo(server, context, 1);
		await settle(server);
		const baseline = await server.memory();
		const done: S3Step[] = [];
		let connections = 0;
		for (let step = 1; step <= steps; step++) {
			if (step > 1) clients = await growTo(server, context, step);
			const connect = await generator.connect({
				clients,
				concurrency,
				syncedOnOpen: server.kind === 'relay',
				timeoutMs: 60_000
			});
			connections += connect.synced;
			if (connect.failed > 0)
				context.log(`${server.kind}: ${connect.failed} clients did not sync: ${connect.errors.join('; ')}`);
			await sleep(settleMs);
			const memory = await server.memory();
			const idle = await measureWindow(server, generator, idleMs);
			await generator.start({ opsPerSecond: TYPING_HZ, cursorHz: 0, seconds: windowMs / 1000 + 2 });
			const typing = await measureWindow(server, generator, windowMs);
			await generator.stop();
			const result: S3Step = {
				connections,
				documents: connections / 2,
				connect,
				memory,
				kbPerConnection: (memory.rss - baseline.rss) / 1024 / Math.max(1, connections),
				idle,
				idleCpuPercent: (idle.serverCpuSeconds / (idle.stats.durationMs / 1000)) * 100,
				typing
			};
			context.log(
				`${server.kind} ${connections} connections: RSS ${fmt(memory.rss / MB)} MB, connect ${connect.allSyncedMs} ms, idle CPU ${fmt(result.idleCpuPercent)}%, p99 ${fmt(p99(typing))} ms`
			);
			done.push(result);
		}
		await generator.close();
		return { baseline, steps: done };
	},

	summarize(runs, context) {
		const { documentsPerStep, probeDocuments, idleMs, windowMs, concurrency } = plan(context);
		const sections: string[] = [
			`Each step adds ${documentsPerStep.toLocaleString('en-US')} documents with 2 clients each (${probeDocuments} of them with two probes, the rest light sockets), joined ${concurrency} at a time. Memory is read after the clients settle; KB per connection is (RSS − RSS with the documents created and nobody connected) / connections. Idle CPU: ${idleMs / 1000} s with no keystrokes, only awareness renewals (each client every 15 s, phases spread at random). Then every client types ${TYPING_HZ} ops/s for ${windowMs / 1000} s; p99 is probe to probe.`
		];
		const stepCount = Math.max(0, ...runs.map((run) => run.run?.steps.length ?? 0));
		for (let index = 0; index < stepCount; index++) {
			const connections = runs.find((run) => run.run?.steps[index])?.run?.steps[index]?.connections;
			sections.push(
				`### ${fmt(connections)} connections`,
				table(
					[
						'server',
						'RSS MB',
						'heap MB',
						'KB/connection',
						'connect+sync all ms',
						'join→synced p50 ms',
						'p99 ms',
						'failed joins',
						'idle CPU %',
						'idle awareness frames/s',
						'typing p50 ms',
						'typing p99 ms',
						'samples',
						'delivered',
						'CPU µs/delivery',
						'generator CPU'
					],
					runs.map((run) => {
						const s = run.run?.steps[index];
						if (!s) return [run.kind, `failed: ${run.error ?? 'no data'}`];
						return [
							run.kind + (run.void ? ' (void)' : ''),
							fmt(s.memory.rss / MB),
							fmt(s.memory.heapUsed === undefined ? undefined : s.memory.heapUsed / MB),
							fmt(s.kbPerConnection),
							fmt(s.connect.allSyncedMs),
							fmt(s.connect.syncMs.p50),
							fmt(s.connect.syncMs.p99),
							s.connect.failed,
							fmt(s.idleCpuPercent),
							fmt(s.idle.stats.awarenessFrames / (s.idle.stats.durationMs / 1000)),
							...latencyCells(s.typing, ['p50', 'p99']),
							s.typing.stats.latency.count,
							percent(deliveredShare(s.typing, 1)),
							fmt(s.typing.cpuPerDeliveryMicros),
							`${Math.round(Math.max(s.idle.stats.generatorCpuShare, s.typing.stats.generatorCpuShare) * 100)}%`
						];
					})
				)
			);
		}

		for (let index = 0; index < stepCount; index++) {
			const step = (kind: ServerKind) => runOf(runs, kind)?.run?.steps[index];
			const best = bestReference(runs, (run) => p99(run.steps[index]?.typing));
			sections.push(
				`At ${fmt(step('tandem')?.connections)} connections, Tandem / y-websocket: RSS ${fmtRatio(ratio(step('tandem')?.memory.rss, step('y-websocket')?.memory.rss))}, KB per connection ${fmtRatio(ratio(step('tandem')?.kbPerConnection, step('y-websocket')?.kbPerConnection))}; Tandem / best reference (${best?.kind ?? '—'}) typing p99 ${fmtRatio(ratio(tandemP99(step('tandem')?.typing), best?.value))}; Tandem / relay idle CPU ${fmtRatio(ratio(step('tandem')?.idleCpuPercent, step('relay')?.idleCpuPercent))}.`
			);
		}

		const tandem = runOf(runs, 'tandem');
		const yWebsocket = runOf(runs, 'y-websocket');
		const first = tandem?.run?.steps[0];
		const last = tandem?.run?.steps.at(-1);
		const referenceFirst = yWebsocket?.run?.steps[0];
		const rssRatio = ratio(first?.memory.rss, referenceFirst?.memory.rss);
		const targets: TargetOutcome[] = [
			atMost(
				`S3 RSS at ${fmt(first?.connections)} connections ≤ 1.0 × y-websocket's`,
				rssRatio,
				1.0,
				`${fmt(first ? first.memory.rss / MB : undefined)} MB vs ${fmt(referenceFirst ? referenceFirst.memory.rss / MB : undefined)} MB (${fmtRatio(rssRatio)})`,
				[tandem, yWebsocket]
			),
			atMost(
				`S3 p99 ≤ 10 ms at ${fmt(first?.connections)} connections`,
				tandemP99(first?.typing),
				10,
				`${fmt(p99(first?.typing))} ms over ${first?.typing.stats.latency.count ?? 0} samples`,
				[tandem]
			),
			atMost(
				`S3 ${fmt(last?.connections)} connections fit in 512 MB`,
				// Connections that never joined cannot be said to fit.
				last ? (last.connect.failed > 0 ? Infinity : last.memory.rss / MB) : undefined,
				512,
				`${fmt(last ? last.memory.rss / MB : undefined)} MB RSS${last && last.connect.failed > 0 ? `, ${last.connect.failed} joins failed` : ''}`,
				[tandem]
			)
		];
		sections.push('### Targets', targetsTable(targets));
		return { markdown: sections.join('\n\n'), targets };
	}
};
