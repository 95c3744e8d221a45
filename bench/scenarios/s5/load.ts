// The scenario's handle on its load generator: a child process pinned to the core the server is not on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireProtocol } from './keystrokes.ts';
import type {
	DocumentState,
	FromGenerator,
	Percentiles,
	PhaseStats,
	SocketAudit,
	SocketSpec,
	StoredStatePoll,
	ToGenerator
} from './protocol.ts';

const generatorPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'generator.ts');

export interface LoadGeneratorOptions {
	/** CPU to pin the generator to (taskset), when taskset exists. */
	cpu?: number;
}

export class LoadGenerator {
	private readonly waiting: ((message: FromGenerator) => void)[] = [];
	private failure: Error | null = null;

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: FromGenerator) => {
			if (message.type === 'error') {
				this.failure = new Error(`load generator: ${message.message}`);
				for (const waiter of this.waiting.splice(0)) waiter(message);
				return;
			}
			this.waiting.shift()?.(message);
		});
		child.on('exit', (code) => {
			this.failure ??= new Error(`load generator exited with ${code}`);
			for (const waiter of this.waiting.splice(0)) waiter({ type: 'error', message: String(code) });
		});
	}

	static async start(options: LoadGeneratorOptions = {}): Promise<LoadGenerator> {
		const nodeArgs = ['--import', 'tsx', generatorPath];
		const pinned = options.cpu !== undefined && existsSync('/usr/bin/taskset');
		const child = pinned
			? spawn('taskset', ['-c', String(options.cpu), process.execPath, ...nodeArgs], {
					stdio: ['ignore', 'inherit', 'inherit', 'ipc']
				})
			: spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		const generator = new LoadGenerator(child);
		await generator.next('ready');
		return generator;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	private next<T extends FromGenerator['type']>(type: T): Promise<Extract<FromGenerator, { type: T }>> {
		if (this.failure) return Promise.reject(this.failure);
		return new Promise((resolve, reject) => {
			this.waiting.push((message) => {
				if (message.type === type) resolve(message as Extract<FromGenerator, { type: T }>);
				else reject(this.failure ?? new Error(`load generator answered ${message.type}, not ${type}`));
			});
		});
	}

	private request<T extends FromGenerator['type']>(
		message: ToGenerator,
		type: T
	): Promise<Extract<FromGenerator, { type: T }>> {
		const answer = this.next(type);
		this.child.send(message);
		return answer;
	}

	async connect(protocol: WireProtocol, sockets: SocketSpec[], poll?: StoredStatePoll): Promise<number> {
		const answer = await this.request({ type: 'connect', protocol, sockets, poll }, 'connected');
		return answer.ms;
	}

	async phase(
		name: string,
		ratePerSocket: number,
		durationMs: number,
		maxOutstanding: number
	): Promise<PhaseStats> {
		const answer = await this.request(
			{ type: 'phase', name, ratePerSocket, durationMs, maxOutstanding },
			'phase-done'
		);
		return answer.stats;
	}

	async audit(): Promise<SocketAudit[]> {
		return (await this.request({ type: 'audit' }, 'audit')).sockets;
	}

	/** Waits until every edit sent is in a polled stored state, or the timeout. */
	async settle(timeoutMs: number): Promise<{ ms: number; unstored: number }> {
		const answer = await this.request({ type: 'settle', timeoutMs }, 'settled');
		return { ms: answer.ms, unstored: answer.unstored };
	}

	/** Edit→stored latency by the phase the edits were sent in. */
	async storedLatency(): Promise<Record<string, Percentiles>> {
		return (await this.request({ type: 'stored-latency' }, 'stored-latency')).byPhase;
	}

	async disconnect(): Promise<void> {
		await this.request({ type: 'disconnect' }, 'disconnected');
	}

	async verify(protocol: WireProtocol, sockets: SocketSpec[], timeoutMs = 30_000): Promise<DocumentState[]> {
		return (await this.request({ type: 'verify', protocol, sockets, timeoutMs }, 'verified')).documents;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.send({ type: 'exit' } satisfies ToGenerator);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
}
