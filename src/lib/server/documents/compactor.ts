// Merges Yjs updates off the main thread. One long-lived worker; a job that overruns its time or memory
// budget terminates the worker (a fresh one serves the next job) and the caller gets an error, never a hang.
import { Worker } from 'node:worker_threads';

export interface CompactorOptions {
	timeoutMs: number;
	maxHeapMb: number;
}

export class CompactionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CompactionError';
	}
}

interface Job {
	id: number;
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	timeoutMs: number;
	resolve(state: Uint8Array): void;
	reject(error: Error): void;
}

type WorkerReply = { id: number; state: Uint8Array } | { id: number; error: string };

const workerUrl = new URL('./compaction-worker.mjs', import.meta.url);

export class Compactor {
	private worker: Worker | null = null;
	private queue: Job[] = [];
	private current: Job | null = null;
	private timer: NodeJS.Timeout | null = null;
	private nextId = 1;
	private closed = false;

	constructor(private readonly options: CompactorOptions = { timeoutMs: 10_000, maxHeapMb: 256 }) {}

	merge(
		snapshot: Uint8Array | null,
		updates: Uint8Array[],
		timeoutMs = this.options.timeoutMs
	): Promise<Uint8Array> {
		if (this.closed) return Promise.reject(new CompactionError('compactor is closed'));
		return new Promise((resolve, reject) => {
			this.queue.push({ id: this.nextId++, snapshot, updates, timeoutMs, resolve, reject });
			this.pump();
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const job of this.queue.splice(0)) job.reject(new CompactionError('compactor closed'));
		const worker = this.worker;
		this.worker = null;
		if (worker) await worker.terminate();
	}

	private pump(): void {
		if (this.current || this.queue.length === 0) return;
		const job = this.queue.shift() as Job;
		this.current = job;
		const worker = this.ensureWorker();
		this.timer = setTimeout(() => this.fail(new CompactionError('compaction timed out')), job.timeoutMs);
		worker.postMessage({ id: job.id, snapshot: job.snapshot, updates: job.updates });
	}

	private ensureWorker(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(workerUrl, {
			resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: 32 },
			// The worker is plain JavaScript; loaders such as tsx are not needed there.
			execArgv: []
		});
		worker.unref();
		worker.on('message', (reply: WorkerReply) => {
			const job = this.current;
			if (!job || reply.id !== job.id) return;
			this.finish();
			if ('error' in reply) job.reject(new CompactionError(reply.error));
			else job.resolve(reply.state);
			this.pump();
		});
		// A terminated worker still reports its exit later; only the current worker may fail the current job.
		worker.on('error', (error) => {
			if (this.worker === worker)
				this.fail(new CompactionError(`compaction worker failed: ${error.message}`));
		});
		worker.on('exit', () => {
			if (this.worker !== worker) return;
			this.worker = null;
			if (this.current) this.fail(new CompactionError('compaction worker exited'));
		});
		this.worker = worker;
		return worker;
	}

	private fail(error: Error): void {
		const job = this.current;
		const worker = this.worker;
		this.finish();
		this.worker = null;
		void worker?.terminate();
		job?.reject(error);
		this.pump();
	}

	private finish(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.current = null;
	}
}
