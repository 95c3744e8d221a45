// `npm run bench` end to end at toy size, so the harness cannot rot between real runs: S1 with 4 clients on
// one document for 2 s against every server, each a process of its own, load from the generator process.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/run.ts';
import { serverOrder, type ServerKind } from '../../bench/scenario.ts';
import { propagationScenario, type S1Run } from '../../bench/scenarios/s1-propagation.ts';

const CLIENTS = 4;
const PROBES = 3;

// Stock Hocuspocus stores into Postgres. Without one it is left out, loudly; CI always has one
// (tests/integration/global-setup.ts refuses to run CI without TEST_DATABASE_URL).
const servers: ServerKind[] = process.env.TEST_DATABASE_URL
	? [...serverOrder]
	: serverOrder.filter((kind) => kind !== 'hocuspocus');
if (!process.env.TEST_DATABASE_URL)
	console.warn(
		'\n!!! bench smoke: TEST_DATABASE_URL is not set, so stock Hocuspocus (it needs Postgres) is left out. !!!\n'
	);

describe('the benchmark harness', () => {
	it('measures S1 against every server: latency samples, deliveries, server CPU and memory', async () => {
		const scenario = {
			...propagationScenario(() => ({ sizes: [CLIENTS], probes: PROBES, warmupMs: 300, windowMs: 2000 })),
			servers
		};
		const outcome = await runScenario(scenario, { quick: true, write: false, log: () => {} });

		expect(outcome.runs.map((run) => run.kind)).toEqual(servers);
		for (const run of outcome.runs) {
			expect(run.error, `${run.kind} failed`).toBeUndefined();
			const point = (run.run as S1Run).points[0]!;
			const { stats } = point.window;
			expect(point.connect.synced, `${run.kind}: every client synced`).toBe(CLIENTS);
			// 3 probes × 5 keystrokes/s × 2 s, each seen by the 2 other probes: ~60 samples.
			expect(stats.latency.count, `${run.kind}: latency samples`).toBeGreaterThan(20);
			expect(stats.latency.p50).toBeGreaterThan(0);
			// Every keystroke reaches the 3 other clients; allow for the ones in flight at the window's edges
			// (a busy machine can hold a few hundred ms of them).
			expect(stats.updatesSent, `${run.kind}: keystrokes sent`).toBeGreaterThan(25);
			expect(stats.deliveries, `${run.kind}: deliveries`).toBeGreaterThan(
				stats.updatesSent * (CLIENTS - 1) * 0.6
			);
			expect(stats.deliveries).toBeLessThanOrEqual(stats.updatesSent * (CLIENTS - 1) * 1.4);
			expect(point.window.serverCpuSeconds, `${run.kind}: server CPU`).toBeGreaterThan(0);
			expect(point.window.memory.rss).toBeGreaterThan(10 * 2 ** 20);
			expect(run.generatorCpuShare).toBeGreaterThan(0);
		}
		expect(outcome.targets.map((target) => target.status)).not.toContain('n/a');
		expect(outcome.markdown).toContain('| tandem |');
	}, 120_000);
});
