// The job queue's numbers, each with its reason.
export const jobLimits = {
	/** pg-boss's own pool on a Postgres server: jobs are few and long, so a handful of connections is plenty. */
	postgresConnections: 3,
	/**
	 * A worker beats every half of this; a job whose process was killed is noticed once it has missed it.
	 * pg-boss's minimum is 10 s.
	 */
	heartbeatSeconds: 10,
	/** How often the supervisor looks for lapsed heartbeats and expired jobs (pg-boss's default is 60). */
	superviseIntervalSeconds: 5,
	/** How often an idle worker asks for work when no notification woke it. */
	pollingIntervalSeconds: 2,
	/** A crash, or an ffmpeg that failed for a passing reason, is tried again this many times. */
	retryLimit: 3,
	retryDelaySeconds: 2,
	/** The longest a job may run: an hour of 1080p on 2 cores transcodes in well under this. */
	expireInSeconds: 60 * 60,
	/** How long stop() lets running jobs finish before leaving them to be retried elsewhere. */
	stopTimeoutMs: 5_000
} as const;
