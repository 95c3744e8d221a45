// What the orchestrator and the load-generator process say to each other over IPC.
import type { JoinInfo } from '../scenario.ts';

export interface Percentiles {
	count: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
}

export interface ClientSpec {
	join: JoinInfo;
	/** A probe holds a full Y.Doc behind a real provider and measures latency; a load socket only counts. */
	role: 'probe' | 'load';
}

export interface ConnectRequest {
	clients: ClientSpec[];
	/** Spread the starts evenly over this many ms (a join storm "within 1 s"); default all at once. */
	spreadMs?: number;
	/** At most this many joins in flight (thousands of sockets); default unlimited. */
	concurrency?: number;
	/** The relay answers nobody's sync step 1: a client counts as synced once its socket is open. */
	syncedOnOpen?: boolean;
	timeoutMs?: number;
}

export interface ConnectResult {
	requested: number;
	synced: number;
	failed: number;
	errors: string[];
	/** Per client, from its own start to synced, ms. */
	syncMs: Percentiles;
	/** From the request to the last client synced, ms. */
	allSyncedMs: number;
	/** From the last client's start to the last client synced, ms: how long the join storm takes to drain. */
	afterLastJoinMs: number;
	generatorCpuShare: number;
}

export interface LoadPlan {
	/** Keystrokes per second per client. */
	opsPerSecond: number;
	/** Cursor (awareness) moves per second per client. */
	cursorHz: number;
	/** Pre-encode enough frames for this long. */
	seconds: number;
}

export interface WindowStats {
	durationMs: number;
	/** Keystroke on a probe → applied on another probe's Y.Doc, ms (HDR histogram, µs resolution). */
	latency: Percentiles;
	/** Updates from other clients received, over every socket (a merged frame counts each update in it). */
	deliveries: number;
	deliveryFrames: number;
	awarenessFrames: number;
	receivedBytes: number;
	updatesSent: number;
	awarenessSent: number;
	/** Sockets open at the end of the window, and sockets that closed during it. */
	open: number;
	closed: number;
	generatorCpuSeconds: number;
	/** Generator CPU over wall time: the share of its one core. */
	generatorCpuShare: number;
	generatorRss: number;
}

export type Command =
	| { type: 'connect'; request: ConnectRequest }
	| { type: 'start'; plan: LoadPlan }
	| { type: 'measure'; durationMs: number }
	| { type: 'stop' }
	| { type: 'close' };

export interface CommandMessage {
	id: number;
	command: Command;
}

export interface ReplyMessage {
	id: number;
	result?: unknown;
	error?: string;
}
