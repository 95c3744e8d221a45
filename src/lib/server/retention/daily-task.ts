// A small in-process daily task (the retention run) that several processes may all start: each checks
// every hour, and only the one that moves the task's row in `scheduled_runs` to today runs it. The row is
// claimed by one UPDATE, so Postgres itself serialises the claim; PGlite has a single process anyway.
// When the job queue lands, the task becomes a scheduled job and this file goes.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { scheduledRuns } from '../db/schema.ts';

/** Once an hour: a process started at any time runs the day's task within the hour, and idles otherwise. */
export const DAILY_TASK_CHECK_EVERY_MS = 60 * 60 * 1000;

/** The UTC date of a moment: the day a daily task's run belongs to. */
export function runDay(now: Date): string {
	return now.toISOString().slice(0, 10);
}

/** True for exactly one caller per task and day, across every process on the database. */
export async function claimDailyRun(db: Db, name: string, now: Date): Promise<boolean> {
	const day = runDay(now);
	await db.insert(scheduledRuns).values({ task: name }).onConflictDoNothing();
	const claimed = await db
		.update(scheduledRuns)
		.set({ lastRunOn: day, startedAt: now, finishedAt: null })
		.where(
			and(
				eq(scheduledRuns.task, name),
				or(isNull(scheduledRuns.lastRunOn), lt(scheduledRuns.lastRunOn, sql`${day}::date`))
			)
		)
		.returning({ task: scheduledRuns.task });
	return claimed.length === 1;
}

export interface DailyTask {
	/** Claims today's run and runs the task if this process won it; true when it ran. */
	tick(): Promise<boolean>;
	stop(): Promise<void>;
}

export function startDailyTask(options: {
	name: string;
	db: Db;
	run: (now: Date) => Promise<unknown>;
	log: (message: string, fields?: Record<string, unknown>) => void;
	clock?: () => Date;
	/** Zero: no timer, only tick() (tests). */
	checkEveryMs?: number;
}): DailyTask {
	const clock = options.clock ?? (() => new Date());
	let running: Promise<boolean> | null = null;
	const tick = () => {
		running ??= (async () => {
			try {
				const now = clock();
				if (!(await claimDailyRun(options.db, options.name, now))) return false;
				await options.run(now);
				await options.db
					.update(scheduledRuns)
					.set({ finishedAt: clock() })
					.where(eq(scheduledRuns.task, options.name));
				return true;
			} finally {
				running = null;
			}
		})();
		return running;
	};
	// A failed run is logged by name; what it was deleting is not named.
	const guarded = () =>
		tick().catch((error: unknown) => {
			options.log(`${options.name} failed`, { error: error instanceof Error ? error.name : 'unknown' });
		});
	const every = options.checkEveryMs ?? DAILY_TASK_CHECK_EVERY_MS;
	const timer = every > 0 ? setInterval(() => void guarded(), every) : null;
	timer?.unref();
	if (every > 0) setImmediate(() => void guarded());
	return {
		tick,
		async stop() {
			if (timer) clearInterval(timer);
			await running?.catch(() => false);
		}
	};
}
