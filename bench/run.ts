// `npm run bench [-- s1 s2 …]`: every scenario (or the ones named) against Tandem, stock Hocuspocus,
// y-websocket and a raw ws relay, in that order, in one run. Writes bench/results/<date>-<scenario>.json,
// bench/results/latest-<scenario>.md and bench/results/latest-summary.md. BENCH_QUICK=1 shrinks everything
// to a smoke check, written under "-quick" names so it never replaces a real run's results. Each scenario
// runs BENCH_ROUNDS (3) rounds per server and is judged on their medians (rounds.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startGenerator, type GeneratorHandle } from './generator/handle.ts';
import { targetsTable } from './report.ts';
import { combineRounds, roundsWanted } from './rounds.ts';
import {
	GENERATOR_CPU_LIMIT,
	serverOrder,
	type BenchServer,
	type Scenario,
	type ScenarioContext,
	type ServerKind,
	type ServerRun,
	type TargetOutcome
} from './scenario.ts';
import { scenarios } from './scenarios/index.ts';
import { startBenchServer } from './servers/index.ts';
import { machine, machineLine, resultsDir, writeReport } from './support.ts';

export interface ScenarioOutcome {
	scenario: Scenario<unknown>;
	runs: ServerRun<unknown>[];
	markdown: string;
	targets: TargetOutcome[];
	reportPath: string;
}

export interface BenchOptions {
	quick: boolean;
	/** Write the result files (the smoke test does not). */
	write?: boolean;
	log?: (message: string) => void;
}

export async function runScenario(
	scenario: Scenario<unknown>,
	options: BenchOptions
): Promise<ScenarioOutcome> {
	const log = options.log ?? ((message: string) => console.log(message));
	const context: ScenarioContext = {
		quick: options.quick,
		scale: (full, quick) => (options.quick ? quick : full),
		generator: () => Promise.reject(new Error('generator() is only available inside run()')),
		log: (message) => log(`  [${scenario.id}] ${message}`)
	};
	const rounds = roundsWanted(options.quick);
	const runsByRound: ServerRun<unknown>[][] = [];
	for (let round = 0; round < rounds; round++) {
		const runs: ServerRun<unknown>[] = [];
		for (const kind of (scenario.servers ?? serverOrder).filter(onlyServers())) {
			log(`${scenario.id}: ${kind}${rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''}…`);
			runs.push(await runOnce(scenario, kind, context, log));
		}
		runsByRound.push(runs);
	}

	const summaries = runsByRound.map((runs) => scenario.summarize(runs, context));
	const targets = combineRounds(summaries.map((summary) => summary.targets));
	const allRuns = runsByRound.flat();
	const voids = allRuns.filter((run) => run.void);
	const failures = allRuns.filter((run) => run.error);
	const generatorLine = (runs: ServerRun<unknown>[]) =>
		runs
			.map((run) => `${run.kind} ${Math.round(run.generatorCpuShare * 100)}%${run.void ? ' **VOID**' : ''}`)
			.join(', ');
	const roundSections =
		rounds === 1
			? [summaries[0]?.markdown ?? '']
			: [
					`Each server ran this scenario ${rounds} times, in rounds (every server once per round, in order). The targets below are judged on the median of the rounds, with their range; a target that is not one number is met only when every round met it. The tables are round 1's; the other rounds follow, folded.`,
					targetsTable(targets),
					summaries[0]?.markdown ?? '',
					...summaries
						.slice(1)
						.map(
							(summary, index) =>
								`<details><summary>Round ${index + 2} of ${rounds}</summary>\n\n${summary.markdown}\n\n${targetsTable(summary.targets)}\n\n</details>`
						)
				];
	const markdown = [
		`## ${scenario.title}${options.quick ? ' (BENCH_QUICK: smoke sizes, not results)' : ''}`,
		`${new Date().toISOString()} · ${machineLine()}`,
		`Generator CPU (highest share of its core in a measured window): ${runsByRound
			.map((runs, round) => (rounds > 1 ? `round ${round + 1}: ` : '') + generatorLine(runs))
			.join('; ')}. A run is void above ${GENERATOR_CPU_LIMIT * 100}%.`,
		...failures.map((run) => `**${run.kind} failed:** ${run.error}`),
		...(voids.length > 0
			? [
					`**Void:** ${[...new Set(voids.map((run) => run.kind))].join(', ')}: the generator, not the server, was the bottleneck; targets that depend on them are void.`
				]
			: []),
		...roundSections
	].join('\n\n');
	const suffix = options.quick ? '-quick' : '';
	const reportPath =
		options.write === false
			? ''
			: writeReport(
					`${scenario.id}${suffix}`,
					{
						quick: options.quick,
						title: scenario.title,
						rounds: runsByRound,
						targets,
						targetsByRound: summaries.map((summary) => summary.targets)
					},
					markdown + '\n'
				);
	return { scenario, runs: allRuns, markdown, targets, reportPath };
}

/** One server's run of the scenario: its own server process and generators, stopped afterwards. */
async function runOnce(
	scenario: Scenario<unknown>,
	kind: ServerKind,
	context: ScenarioContext,
	log: (message: string) => void
): Promise<ServerRun<unknown>> {
	const generators: GeneratorHandle[] = [];
	const runContext: ScenarioContext = {
		...context,
		generator: async () => {
			const generator = await startGenerator();
			generators.push(generator);
			return generator;
		}
	};
	let server: BenchServer | undefined;
	const record: ServerRun<unknown> = { kind, generatorCpuShare: 0, void: false };
	try {
		server = await startBenchServer(kind, scenario.startOptions?.(kind, runContext));
		record.run = await scenario.run(server, runContext);
	} catch (error) {
		record.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
		log(
			`  [${scenario.id}] ${kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`
		);
	} finally {
		for (const generator of generators) await generator.exit().catch(() => {});
		await server?.stop().catch((error: unknown) => log(`  could not stop ${kind}: ${String(error)}`));
	}
	// Scenarios with a generator of their own (S4's joins, S5's load) report its share in their run.
	const ownGenerator = (record.run as { generatorCpuShare?: number } | undefined)?.generatorCpuShare ?? 0;
	record.generatorCpuShare = Math.max(ownGenerator, ...generators.map((g) => g.maxCpuShare));
	record.void = record.generatorCpuShare > GENERATOR_CPU_LIMIT;
	if (record.void)
		log(
			`  [${scenario.id}] ${kind} is VOID: the generator used ${Math.round(record.generatorCpuShare * 100)}% of its core`
		);
	return record;
}

/**
 * latest-summary.md: one table of this run's targets, then every registered scenario's latest section (a
 * scenario not run this time keeps its section from the run before, and says when that was).
 */
function writeCombinedSummary(quick: boolean, outcomes: ScenarioOutcome[]): string {
	const suffix = quick ? '-quick' : '';
	const parts: string[] = [];
	for (const scenario of scenarios) {
		const file = path.join(resultsDir, `latest-${scenario.id}${suffix}.md`);
		if (existsSync(file)) parts.push(readFileSync(file, 'utf8').trim());
		else parts.push(`## ${scenario.title}\n\nNot run yet.`);
	}
	const ran = outcomes.map((outcome) => outcome.scenario.id);
	const earlier = scenarios.filter((scenario) => !ran.includes(scenario.id)).map((s) => s.id);
	const target = path.join(resultsDir, `latest-summary${suffix}.md`);
	writeFileSync(
		target,
		[
			`# Tandem benchmark summary${quick ? ' (BENCH_QUICK smoke sizes)' : ''}`,
			`Written ${new Date().toISOString()} by \`npm run bench\`. Machine: ${machineLine()}. Servers and generators run on this Node (${process.version}, ${process.execPath}), the one the product ships with (package.json's \`node\` dependency). Each scenario: ${roundsWanted(quick)} round(s) per server, targets judged on the median.`,
			'Servers, in run order: Tandem (auth and durable acknowledgement on, Postgres), stock Hocuspocus 4.7 with its Database extension on the same Postgres, y-websocket 2.1.0 `setupWSConnection` (no persistence), and a raw `ws` fan-out relay as the floor. Each server is its own process on core 0; the load generator is a separate process on core 1. How it measures: bench/README.md.',
			`## Targets (${ran.join(', ')} in this run${earlier.length > 0 ? `; ${earlier.join(', ')} below are from an earlier run` : ''})`,
			targetsTable(outcomes.flatMap((outcome) => outcome.targets)),
			...parts
		].join('\n\n') + '\n'
	);
	return target;
}

async function checkPostgres(url: string): Promise<void> {
	const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
	try {
		await sql`select 1`;
	} catch (error) {
		throw new Error(
			`Postgres at ${url} does not answer (${String(error)}). The bench runs Tandem and stock Hocuspocus on a Postgres server: start it, or set TEST_DATABASE_URL.`,
			{ cause: error }
		);
	} finally {
		await sql.end();
	}
}

/** BENCH_SERVERS=tandem,relay: run only these servers (for profiling; a partial run reports no ratios to the others). */
function onlyServers(): (kind: ServerKind) => boolean {
	const wanted = process.env.BENCH_SERVERS?.split(',').map((name) => name.trim());
	return (kind) => !wanted || wanted.includes(kind);
}

async function main() {
	const quick = process.env.BENCH_QUICK === '1';
	// Tandem and stock Hocuspocus each get a fresh database on this server (tests/support/backends.ts).
	process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
	await checkPostgres(process.env.TEST_DATABASE_URL);
	const names = process.argv.slice(2).map((name) => name.toLowerCase());
	const unknown = names.filter((name) => !scenarios.some((scenario) => scenario.id === name));
	if (unknown.length > 0)
		throw new Error(
			`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((scenario) => scenario.id).join(', ')}`
		);
	const selected = names.length > 0 ? scenarios.filter((s) => names.includes(s.id)) : scenarios;

	const m = machine();
	console.log(`Machine: ${machineLine(m)}`);
	console.log(`Scenarios: ${selected.map((s) => s.id).join(', ')}${quick ? ' (BENCH_QUICK)' : ''}\n`);
	const startedAt = Date.now();
	const outcomes: ScenarioOutcome[] = [];
	for (const scenario of selected) {
		const scenarioStartedAt = Date.now();
		const outcome = await runScenario(scenario, { quick });
		outcomes.push(outcome);
		console.log(`\n${outcome.markdown}\n`);
		console.log(`report: ${outcome.reportPath} (${Math.round((Date.now() - scenarioStartedAt) / 1000)} s)\n`);
	}
	const summaryPath = writeCombinedSummary(quick, outcomes);
	console.log(`All targets:\n\n${targetsTable(outcomes.flatMap((outcome) => outcome.targets))}\n`);
	console.log(`summary: ${summaryPath} (${Math.round((Date.now() - startedAt) / 1000)} s in all)`);
	// The bench is green when every server ran; missed targets are findings, not failures.
	if (outcomes.some((outcome) => outcome.runs.some((run) => run.error))) process.exitCode = 1;
	// Everything is written. Something a scenario left open (a pool, a timer) must not hold the run for ever:
	// name it, so it can be fixed, and leave.
	setTimeout(() => {
		console.warn(
			`bench: still open after the run, exiting anyway: ${process.getActiveResourcesInfo().join(', ')}`
		);
		process.exit();
	}, 5000).unref();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
