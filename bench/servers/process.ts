// One server under test as a child process of its own: pinned to a core, preloaded with the stats probe,
// measured from /proc, and killable with SIGKILL like a crash.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventLoopLag, ServerMemory } from '../scenario.ts';
import type { StatsReply, StatsRequest } from './probe.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const probeModule = path.join(projectRoot, 'bench/servers/probe.ts');

const canPin = os.cpus().length >= 2 && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** `taskset -c <cpu>` when the machine has it and more than one core; otherwise nothing. */
export function pinned(cpu: string | undefined, command: string[]): string[] {
	if (!cpu || !canPin) return command;
	return ['taskset', '-c', cpu, ...command];
}

/** A saturated server answers late; past this the figures come from /proc (heap and lag: unknown). */
const STATS_TIMEOUT_MS = 10_000;

export interface ServerProcessOptions {
	/** The script to run under `node --import tsx`, relative to the project root. */
	script: string;
	env: Record<string, string>;
	/** A line on stdout that says the server is listening. */
	readyText: string;
	cpu?: string;
	startTimeoutMs?: number;
}

export interface ServerProcess {
	pid: number;
	child(): ChildProcess;
	/** The output so far (bounded), for error messages. */
	output(): string;
	cpuSeconds(): Promise<number>;
	memory(): Promise<ServerMemory>;
	eventLoopLag(options?: { reset?: boolean }): Promise<EventLoopLag | undefined>;
	kill9(): Promise<void>;
	restart(): Promise<void>;
	terminate(timeoutMs?: number): Promise<void>;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
	let child = await spawnReady(options);
	let nextId = 1;

	const stats = (resetLoop = false): Promise<StatsReply | undefined> =>
		new Promise((resolve) => {
			const current = child;
			if (!current.connected) return resolve(undefined);
			const id = nextId++;
			const timer = setTimeout(() => {
				current.off('message', onMessage);
				resolve(undefined);
			}, STATS_TIMEOUT_MS);
			const onMessage = (message: StatsReply) => {
				if (message?.type !== 'bench-stats' || message.id !== id) return;
				clearTimeout(timer);
				current.off('message', onMessage);
				resolve(message);
			};
			current.on('message', onMessage);
			const request: StatsRequest = { type: 'bench-stats', id, resetLoop };
			current.send(request);
		});

	const alive = () => child.exitCode === null && child.signalCode === null;

	return {
		get pid() {
			return child.pid ?? -1;
		},
		child: () => child,
		output: () => outputs.get(child) ?? '',
		async cpuSeconds() {
			const reply = await stats();
			if (reply) return reply.cpuMicros / 1e6;
			return procCpuSeconds(child.pid);
		},
		async memory() {
			const reply = await stats();
			return { rss: procRss(child.pid) ?? reply?.rss ?? 0, heapUsed: reply?.heapUsed };
		},
		async eventLoopLag({ reset = false } = {}) {
			return (await stats(reset))?.loop;
		},
		async kill9() {
			if (!alive()) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		},
		async restart() {
			if (alive()) throw new Error('restart() needs a stopped server; call kill9() first');
			child = await spawnReady(options);
		},
		async terminate(timeoutMs = 15_000) {
			if (!alive()) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			await exited;
			clearTimeout(timer);
		}
	};
}

const outputs = new WeakMap<ChildProcess, string>();

async function spawnReady(options: ServerProcessOptions): Promise<ChildProcess> {
	// BENCH_PROFILE_SERVER=1: a V8 CPU profile per server process in .tmp/profiles (where does its CPU go?).
	const profile = process.env.BENCH_PROFILE_SERVER
		? ['--cpu-prof', `--cpu-prof-dir=${projectRoot}/.tmp/profiles`]
		: [];
	const [command, ...args] = pinned(options.cpu ?? '0', [
		process.execPath,
		...profile,
		'--import',
		'tsx',
		'--import',
		probeModule,
		options.script
	]);
	const child = spawn(command as string, args, {
		cwd: projectRoot,
		env: { ...process.env, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	outputs.set(child, '');
	const remember = (chunk: Buffer) => {
		const text = (outputs.get(child) ?? '') + chunk.toString();
		outputs.set(child, text.length > 20_000 ? text.slice(-20_000) : text);
		if (process.env.BENCH_SERVER_LOGS) process.stderr.write(chunk);
	};
	child.stdout?.on('data', remember);
	child.stderr?.on('data', remember);
	await new Promise<void>((resolve, reject) => {
		const timeoutMs = options.startTimeoutMs ?? 60_000;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${options.script} did not start in ${timeoutMs} ms:\n${outputs.get(child)}`));
		}, timeoutMs);
		const onData = () => {
			if (!(outputs.get(child) ?? '').includes(options.readyText)) return;
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			child.off('exit', onExit);
			resolve();
		};
		const onExit = (code: number | null) => {
			clearTimeout(timer);
			reject(new Error(`${options.script} exited with ${code} before listening:\n${outputs.get(child)}`));
		};
		child.stdout?.on('data', onData);
		child.once('exit', onExit);
	});
	return child;
}

/** utime + stime from /proc/<pid>/stat, in seconds (clock-tick resolution). */
export function procCpuSeconds(pid: number | undefined): number {
	if (!pid) return 0;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name is in parentheses and may contain spaces: count fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / clockTicks;
	} catch {
		return 0;
	}
}

/** VmRSS from /proc/<pid>/status, bytes. */
export function procRss(pid: number | undefined): number | undefined {
	if (!pid) return undefined;
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}
