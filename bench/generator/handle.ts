// The orchestrator's side of the load generator: starts bench/generator/main.ts as a child process pinned to
// the other core, and turns its IPC replies into promises.
import { spawn, type ChildProcess } from 'node:child_process';
import { pinned, projectRoot } from '../servers/process.ts';
import type {
	Command,
	CommandMessage,
	ConnectRequest,
	ConnectResult,
	LoadPlan,
	ReplyMessage,
	WindowStats
} from './protocol.ts';

export type { ClientSpec, ConnectRequest, ConnectResult, LoadPlan, WindowStats } from './protocol.ts';

export interface GeneratorHandle {
	pid: number;
	/** Opens the clients (added to those already open) and waits until each is synced or failed. */
	connect(request: ConnectRequest): Promise<ConnectResult>;
	/** Every open client starts typing and moving its cursor; frames are encoded before this resolves. */
	start(plan: LoadPlan): Promise<{ preparedMs: number }>;
	/** Counts for `durationMs` from now. */
	measure(durationMs: number): Promise<WindowStats>;
	stop(): Promise<void>;
	/** Closes every client. */
	close(): Promise<void>;
	/** The highest generator CPU share in any measure() window so far (connect() reports its own). */
	readonly maxCpuShare: number;
	exit(): Promise<void>;
}

export async function startGenerator(options: { cpu?: string } = {}): Promise<GeneratorHandle> {
	// BENCH_PROFILE_GENERATOR=1: a V8 CPU profile per generator in .tmp/profiles (is the generator the limit?).
	const profile = process.env.BENCH_PROFILE_GENERATOR
		? ['--cpu-prof', `--cpu-prof-dir=${projectRoot}/.tmp/profiles`]
		: [];
	const [command, ...args] = pinned(options.cpu ?? '1', [
		process.execPath,
		...profile,
		'--import',
		'tsx',
		'bench/generator/main.ts'
	]);
	const child: ChildProcess = spawn(command as string, args, {
		cwd: projectRoot,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
	let nextId = 1;
	let maxCpuShare = 0;

	const ready = new Promise<void>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`the generator exited with ${code} before it was ready`)));
		child.on('message', (message: ReplyMessage) => {
			if (message.id === 0) return resolve();
			const waiter = pending.get(message.id);
			if (!waiter) return;
			pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`generator: ${message.error}`));
			else waiter.resolve(message.result);
		});
	});
	child.on('exit', (code, signal) => {
		for (const waiter of pending.values())
			waiter.reject(new Error(`the generator exited (${code ?? signal}) during a command`));
		pending.clear();
	});
	await ready;

	const send = <T>(command: Command): Promise<T> =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ id, command } satisfies CommandMessage);
		});

	return {
		pid: child.pid ?? -1,
		connect: (request) => send<ConnectResult>({ type: 'connect', request }),
		start: (plan) => send({ type: 'start', plan }),
		async measure(durationMs) {
			const stats = await send<WindowStats>({ type: 'measure', durationMs });
			maxCpuShare = Math.max(maxCpuShare, stats.generatorCpuShare);
			return stats;
		},
		stop: () => send({ type: 'stop' }),
		close: () => send({ type: 'close' }),
		get maxCpuShare() {
			return maxCpuShare;
		},
		async exit() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.disconnect();
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}
