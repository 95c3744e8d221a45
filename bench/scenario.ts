// The contract between `npm run bench` (bench/run.ts) and one scenario. The orchestrator owns the order of
// servers and their lifetimes; a scenario says what to do against one running server and how to judge the
// runs side by side. Register a scenario with one line in bench/scenarios/index.ts.
import type { GeneratorHandle } from './generator/handle.ts';

/** Every scenario runs these, in this order, in the same run (issue #7). */
export const serverOrder = ['tandem', 'hocuspocus', 'y-websocket', 'relay'] as const;
export type ServerKind = (typeof serverOrder)[number];

/**
 * How a client joins one document on one server. `protocol` decides the framing: Hocuspocus frames carry the
 * document name and need an auth message; y-websocket frames do not, the room is the URL path.
 */
export interface JoinInfo {
	protocol: 'hocuspocus' | 'y-websocket';
	/** The websocket URL to open (for y-websocket, the room is already in the path). */
	url: string;
	documentName: string;
	/** Headers a browser would send on the upgrade: Tandem's session cookie and Origin. */
	headers: Record<string, string>;
	/** The y-websocket provider wants the server URL and the room apart. */
	serverUrl: string;
}

export interface ServerMemory {
	/** Resident set size from /proc/<pid>/status, bytes. */
	rss: number;
	/** V8 heap in use, reported by the server process itself; undefined when it did not answer. */
	heapUsed?: number;
}

/** How late the event loop ran beyond the monitor's 10 ms timer (monitorEventLoopDelay minus its resolution). */
export interface EventLoopLag {
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
}

export interface StartOptions {
	/** Tandem's database: a Postgres server (default when TEST_DATABASE_URL is set) or PGlite. */
	database?: 'postgres' | 'pglite';
	/** Extra environment for the server process. */
	env?: Record<string, string>;
	/** Pin to this CPU with taskset when available; default "0" (the generator gets "1"). */
	cpu?: string;
}

export interface BenchServer {
	kind: ServerKind;
	/** The server's own process (taskset execs into it, so this is node's pid). */
	pid: number;
	/** http://127.0.0.1:<port> */
	url: string;
	/** Creates `count` fresh documents (on Tandem through the API, as their owner) and says how to join each. */
	prepareDocuments(count: number, label?: string): Promise<JoinInfo[]>;
	/** utime + stime of the server process so far, seconds (from the process itself, else /proc). */
	cpuSeconds(): Promise<number>;
	/**
	 * CPU of the Postgres backends serving this server's own database, seconds so far (tandem, hocuspocus):
	 * Tandem commits every update, and that work runs in Postgres, not in the server's process.
	 */
	databaseCpuSeconds?(): Promise<number>;
	memory(): Promise<ServerMemory>;
	/** Event-loop delay since the last reset (perf_hooks.monitorEventLoopDelay in the server process). */
	eventLoopLag(options?: { reset?: boolean }): Promise<EventLoopLag | undefined>;
	/** SIGKILL, no flushing; the handle stays usable for restart(). */
	kill9(): Promise<void>;
	/** Start the same server again on the same port and database (after kill9). */
	restart(): Promise<void>;
	/** Environment the server process runs with (DATABASE_URL and the like). */
	env: Record<string, string>;
	/** SIGTERM, wait, then drop the server's database. */
	stop(): Promise<void>;
}

export type TargetStatus = 'met' | 'missed' | 'void' | 'n/a';

export interface TargetOutcome {
	/** e.g. "S1 p99 at N=10 ≤ 1.0 × best reference" */
	target: string;
	status: TargetStatus;
	/** The measured figures behind the verdict, e.g. "1.8 ms vs 2.1 ms (0.86×)". */
	detail: string;
	/**
	 * The figure judged and its limit ("value ≤ limit"), when the target is one number: the rounds of a
	 * scenario are then judged by their median (bench/rounds.ts).
	 */
	value?: number;
	limit?: number;
}

export interface ScenarioContext {
	/** BENCH_QUICK=1: every duration and size shrunk for a smoke check. */
	quick: boolean;
	/** Picks the full or the quick figure. */
	scale<T>(full: T, quick: T): T;
	/** A fresh load generator (its own process on the other core); the orchestrator closes it after the run. */
	generator(): Promise<GeneratorHandle>;
	log(message: string): void;
}

export interface ServerRun<Run> {
	kind: ServerKind;
	run?: Run;
	error?: string;
	/** The highest share of one core the generator used in any measured window of this run. */
	generatorCpuShare: number;
	/** Over 70% of the generator's core: the generator, not the server, was measured. */
	void: boolean;
}

export interface ScenarioSummary {
	/** Markdown tables and notes (no top-level heading; the orchestrator adds it). */
	markdown: string;
	targets: TargetOutcome[];
}

export interface Scenario<Run = unknown> {
	/** Short id used on the command line and in file names: "s1". */
	id: string;
	title: string;
	/** Defaults to all of serverOrder. A scenario that leaves a server out says why in its summary. */
	servers?: readonly ServerKind[];
	startOptions?(kind: ServerKind, context: ScenarioContext): StartOptions;
	/** Runs against one started server; the orchestrator stops the server and the generators afterwards. */
	run(server: BenchServer, context: ScenarioContext): Promise<Run>;
	summarize(runs: ServerRun<Run>[], context: ScenarioContext): ScenarioSummary;
}

/** The generator may use at most this share of its core before a scenario is void (issue #7). */
export const GENERATOR_CPU_LIMIT = 0.7;
