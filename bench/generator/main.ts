// The load generator: its own process on its own core (bench/generator/handle.ts starts it), driven over IPC.
// It holds the clients, paces their keystrokes and cursor moves, and measures a window at a time: latency
// from the probes, deliveries and bytes from every socket, and its own CPU, so a run can be voided when the
// generator rather than the server was the bottleneck.
import { histogram, percentiles } from '../support.ts';
import {
	counters,
	LoadSocket,
	measurement,
	ProbeClient,
	resetCounters,
	type BenchClient
} from './clients.ts';
import type {
	CommandMessage,
	ConnectRequest,
	ConnectResult,
	LoadPlan,
	ReplyMessage,
	WindowStats
} from './protocol.ts';

const clients: BenchClient[] = [];
const timers: NodeJS.Timeout[] = [];
const latency = histogram();
/** The histogram tracks up to 60 s; a later arrival counts as 60 s rather than throwing inside Yjs. */
const LATENCY_CEILING_MICROS = 59_999_999;
measurement.record = (micros) => latency.recordValue(Math.min(micros, LATENCY_CEILING_MICROS));

/** Awareness renewals for load sockets, as y-protocols does for an editor that sits still. */
const heartbeats = setInterval(() => {
	const now = Date.now();
	for (const client of clients) client.heartbeat(now);
}, 1000);
heartbeats.unref();

function cpuShareSince(cpu: NodeJS.CpuUsage, startedAt: number): { seconds: number; share: number } {
	const used = process.cpuUsage(cpu);
	const seconds = (used.user + used.system) / 1e6;
	const wall = (performance.now() - startedAt) / 1000;
	return { seconds, share: wall > 0 ? seconds / wall : 0 };
}

async function connect(request: ConnectRequest): Promise<ConnectResult> {
	const startedAt = performance.now();
	const cpu = process.cpuUsage();
	const timeoutMs = request.timeoutMs ?? 30_000;
	const spreadMs = request.spreadMs ?? 0;
	const count = request.clients.length;
	const syncTimes = histogram();
	const errors: string[] = [];
	let synced = 0;
	let lastSyncedAt = startedAt;
	let lastStartedAt = startedAt;
	let inFlight = 0;
	const waiting: (() => void)[] = [];
	const limit = request.concurrency ?? Infinity;

	await Promise.all(
		request.clients.map(async (spec, index) => {
			if (spreadMs > 0) await sleep((index * spreadMs) / count);
			while (inFlight >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
			inFlight += 1;
			const client = spec.role === 'probe' ? new ProbeClient(spec.join) : new LoadSocket(spec.join);
			clients.push(client);
			const clientStartedAt = performance.now();
			lastStartedAt = Math.max(lastStartedAt, clientStartedAt);
			try {
				await client.open(request.syncedOnOpen ?? false, timeoutMs);
				const now = performance.now();
				syncTimes.recordValue(Math.max(1, Math.round((now - clientStartedAt) * 1000)));
				lastSyncedAt = Math.max(lastSyncedAt, now);
				synced += 1;
			} catch (error) {
				if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
				client.close();
			} finally {
				inFlight -= 1;
				waiting.shift()?.();
			}
		})
	);
	return {
		requested: count,
		synced,
		failed: count - synced,
		errors,
		syncMs: percentiles(syncTimes),
		allSyncedMs: Math.round((lastSyncedAt - startedAt) * 10) / 10,
		afterLastJoinMs: Math.round(Math.max(0, lastSyncedAt - lastStartedAt) * 10) / 10,
		generatorCpuShare: cpuShareSince(cpu, startedAt).share
	};
}

/** Every open client types and moves its cursor at the plan's rates, each at its own random phase. */
function start(plan: LoadPlan): { preparedMs: number } {
	stop();
	const startedAt = performance.now();
	const open = clients.filter((client) => client.isOpen);
	const keystrokes = Math.ceil(plan.opsPerSecond * plan.seconds * 1.2) + 2;
	const cursors = Math.ceil(plan.cursorHz * plan.seconds * 1.2) + 2;
	for (const client of open) client.prepare(keystrokes, cursors);
	const every = (hz: number, action: (client: BenchClient) => void) => {
		if (hz <= 0) return;
		const period = 1000 / hz;
		for (const client of open) {
			const phase = setTimeout(() => {
				action(client);
				timers.push(setInterval(() => action(client), period));
			}, Math.random() * period);
			timers.push(phase);
		}
	};
	every(plan.opsPerSecond, (client) => client.keystroke());
	every(plan.cursorHz, (client) => client.cursor());
	return { preparedMs: Math.round(performance.now() - startedAt) };
}

function stop(): void {
	// Intervals are pushed as their phases fire, so clear until none are left.
	for (const timer of timers.splice(0)) clearTimeout(timer);
}

async function measure(durationMs: number): Promise<WindowStats> {
	resetCounters();
	latency.reset();
	const startedAt = performance.now();
	const cpu = process.cpuUsage();
	measurement.startedAt = startedAt;
	measurement.active = true;
	await sleep(durationMs);
	measurement.active = false;
	const used = cpuShareSince(cpu, startedAt);
	return {
		durationMs: Math.round(performance.now() - startedAt),
		latency: percentiles(latency),
		...counters,
		open: clients.filter((client) => client.isOpen).length,
		generatorCpuSeconds: used.seconds,
		generatorCpuShare: used.share,
		generatorRss: process.memoryUsage().rss
	};
}

function close(): void {
	stop();
	for (const client of clients.splice(0)) client.close();
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle({ command }: CommandMessage): Promise<unknown> {
	switch (command.type) {
		case 'connect':
			return connect(command.request);
		case 'start':
			return start(command.plan);
		case 'measure':
			return measure(command.durationMs);
		case 'stop':
			return stop();
		case 'close':
			return close();
	}
}

// y-websocket's provider adds a process 'exit' listener per instance.
process.setMaxListeners(0);
if (!process.send)
	throw new Error('the generator is started by bench/generator/handle.ts, with an IPC channel');
process.on('message', (message: CommandMessage) => {
	handle(message).then(
		(result) => process.send?.({ id: message.id, result } satisfies ReplyMessage),
		(error: unknown) =>
			process.send?.({
				id: message.id,
				error: error instanceof Error ? (error.stack ?? error.message) : String(error)
			} satisfies ReplyMessage)
	);
});
process.on('disconnect', () => {
	close();
	process.exit(0);
});
process.send({ id: 0, result: 'ready' } satisfies ReplyMessage);
