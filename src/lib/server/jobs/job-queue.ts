// Background jobs on the same Postgres the process already uses (pg-boss): several processes share the
// work through SKIP LOCKED, and a job whose process died mid-way (kill -9) stops sending heartbeats and is
// retried by whichever process is alive. The interface is small on purpose: video processing is its first
// user; retention and roster imports will be others.
import { PgBoss, fromPglite, type PGliteLike } from 'pg-boss';
import { jobLimits } from './limits.ts';

export interface JobContext {
	id: string;
	/** 0 on the first attempt, then 1, 2, …: a handler may say "resumed" to the people waiting. */
	attempt: number;
	/** Aborted when the queue is stopping; a handler should stop its child processes. */
	signal: AbortSignal;
}

export interface JobDefinition<Data> {
	name: string;
	/** Parallel jobs of this kind in one process. */
	concurrency?: number;
	/** Attempts after the first, for a crash or a thrown error. */
	retryLimit?: number;
	/** A job that runs longer than this is taken as lost and retried. */
	expireInSeconds?: number;
	handler: (data: Data, context: JobContext) => Promise<void>;
	/** Told once a job's last attempt has failed: the place to record why. */
	onGaveUp?: (data: Data, error: unknown) => Promise<void>;
}

export interface JobQueue {
	/** Creates the queue if needed and starts working it in this process. */
	define<Data extends object>(definition: JobDefinition<Data>): Promise<void>;
	/** Queues one job; `key` keeps a second job for the same thing out while one is waiting. */
	send<Data extends object>(name: string, data: Data, options?: { key?: string }): Promise<string | null>;
	stop(): Promise<void>;
}

/** Where the queue's tables are: the embedded database's own client, or the Postgres server's URL. */
export type JobStore = { kind: 'pglite'; client: PGliteLike } | { kind: 'postgres'; url: string };

export async function startJobQueue(
	store: JobStore,
	log: (message: string, fields?: Record<string, unknown>) => void
): Promise<JobQueue> {
	const boss = new PgBoss({
		...(store.kind === 'pglite'
			? { db: fromPglite(store.client), backend: 'pglite' as const }
			: { connectionString: store.url, max: jobLimits.postgresConnections }),
		schema: 'pgboss',
		superviseIntervalSeconds: jobLimits.superviseIntervalSeconds,
		// No cron schedules here yet; the clock monitor would only poll for nothing.
		schedule: false
	});
	// A job's error text can quote what it worked on; only its kind reaches the log.
	boss.on('error', (error: unknown) =>
		log('job queue error', { error: error instanceof Error ? error.name : 'unknown' })
	);
	await boss.start();
	const definitions = new Map<string, JobDefinition<never>>();

	return {
		async define<Data extends object>(definition: JobDefinition<Data>) {
			await boss.createQueue(definition.name, {
				retryLimit: definition.retryLimit ?? jobLimits.retryLimit,
				retryDelay: jobLimits.retryDelaySeconds,
				expireInSeconds: definition.expireInSeconds ?? jobLimits.expireInSeconds,
				heartbeatSeconds: jobLimits.heartbeatSeconds
			});
			definitions.set(definition.name, definition as unknown as JobDefinition<never>);
			await boss.work<
				Data,
				unknown,
				{ localConcurrency: number; pollingIntervalSeconds: number; includeMetadata: true }
			>(
				definition.name,
				{
					localConcurrency: definition.concurrency ?? 1,
					pollingIntervalSeconds: jobLimits.pollingIntervalSeconds,
					includeMetadata: true
				},
				async ([job]) => {
					if (!job) return;
					try {
						await definition.handler(job.data, {
							id: job.id,
							attempt: job.retryCount,
							signal: job.signal
						});
					} catch (error) {
						if (job.retryCount >= job.retryLimit && definition.onGaveUp)
							await definition.onGaveUp(job.data, error);
						throw error;
					}
				}
			);
		},
		async send(name, data, options) {
			return boss.send(name, data, options?.key ? { singletonKey: options.key } : {});
		},
		async stop() {
			// Running jobs are given a moment to finish; one that does not is retried after its heartbeat lapses.
			await boss.stop({ graceful: true, timeout: jobLimits.stopTimeoutMs });
		}
	};
}
