// Work that a response need not wait for (a reset link's mail), but that a normal shutdown lets finish.
// A failure is logged by name only: the work's data (an address, a link) stays out of the log.
export class BackgroundWork {
	private readonly pending = new Set<Promise<void>>();

	constructor(private readonly log: (message: string, fields?: Record<string, unknown>) => void) {}

	run(name: string, work: () => Promise<void>): void {
		// Started on a later turn of the event loop, so it does not run inside the response it follows
		// (with the embedded database a query's work is done on this thread).
		const task = new Promise((resolve) => setImmediate(resolve)).then(work).catch((error: unknown) => {
			this.log(`${name} failed`, { error: error instanceof Error ? error.name : 'unknown' });
		});
		this.pending.add(task);
		void task.finally(() => this.pending.delete(task));
	}

	/** Resolves when everything started so far has finished. */
	async drain(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}
}
