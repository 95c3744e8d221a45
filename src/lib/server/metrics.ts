// Prometheus text exposition of what an operator watches: sockets, documents, the durable path, the event
// loop, and the process itself (CPU, memory, timers: a leak shows up as a count that never comes back down).
import type { LatencyHistogram } from './latency-histogram.ts';
import type { CollaborationStats, Runtime } from './runtime.ts';

/** A cumulative histogram of counts (rows, bytes) in the shape Prometheus expects. */
export class CountHistogram {
	readonly counts: number[];
	count = 0;
	sum = 0;

	constructor(readonly buckets: readonly number[]) {
		this.counts = new Array<number>(buckets.length).fill(0);
	}

	record(value: number): void {
		this.count += 1;
		this.sum += value;
		const index = this.buckets.findIndex((bound) => value <= bound);
		if (index >= 0) this.counts[index] = (this.counts[index] ?? 0) + 1;
	}

	render(name: string): string[] {
		let cumulative = 0;
		const lines = this.buckets.map((bound, i) => {
			cumulative += this.counts[i] ?? 0;
			return `${name}_bucket{le="${bound}"} ${cumulative}`;
		});
		return [
			...lines,
			`${name}_bucket{le="+Inf"} ${this.count}`,
			`${name}_sum ${this.sum}`,
			`${name}_count ${this.count}`
		];
	}
}

/** What the collaboration server reports beyond the basic stats, when it has them. */
export interface DurabilityStats {
	/** From an update frame's arrival to its commit (the server's share of "saved"). */
	acknowledgementLatency: LatencyHistogram;
	/** Rows read per document load: the snapshot plus the log tail. */
	loadRows: CountHistogram;
	loadFailures: number;
	/** Updates in memory whose append failed and is being retried: not acknowledged to anyone yet. */
	unloggedUpdates: number;
	/** Set when REDIS_URL joins this process to others: its name in the Redis channel. */
	redisInstance: string | null;
}

function durabilityStats(stats: CollaborationStats): Partial<DurabilityStats> {
	return stats as CollaborationStats & Partial<DurabilityStats>;
}

function activeResources(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
	return counts;
}

export function renderMetrics(runtime: Runtime): string {
	const stats = runtime.collaboration.stats();
	const { connections, documents, updatesAppended, appendFailures, storeFailures, commitLatency } = stats;
	const extra = durabilityStats(stats);
	const loop = runtime.eventLoopDelay;
	const memory = process.memoryUsage();
	const cpu = process.cpuUsage();
	const lines = [
		'# HELP tandem_connections Open collaboration connections.',
		'# TYPE tandem_connections gauge',
		`tandem_connections ${connections}`,
		'# HELP tandem_documents_loaded Documents held in memory.',
		'# TYPE tandem_documents_loaded gauge',
		`tandem_documents_loaded ${documents}`,
		'# HELP tandem_update_commit_seconds From receiving an update to its committed row (the wait behind "saved").',
		'# TYPE tandem_update_commit_seconds histogram',
		...commitLatency.render('tandem_update_commit_seconds'),
		'# HELP tandem_updates_appended_total Updates committed to the update log.',
		'# TYPE tandem_updates_appended_total counter',
		`tandem_updates_appended_total ${updatesAppended}`,
		'# HELP tandem_update_append_failures_total Updates whose commit failed (the client was not acknowledged).',
		'# TYPE tandem_update_append_failures_total counter',
		`tandem_update_append_failures_total ${appendFailures}`,
		'# HELP tandem_store_failures_total Compactions that failed (the update log still holds the data).',
		'# TYPE tandem_store_failures_total counter',
		`tandem_store_failures_total ${storeFailures}`
	];
	if (extra.acknowledgementLatency) {
		lines.push(
			'# HELP tandem_acknowledgement_seconds From an update frame arriving to its commit, when "saved" is sent.',
			'# TYPE tandem_acknowledgement_seconds histogram',
			...extra.acknowledgementLatency.render('tandem_acknowledgement_seconds')
		);
	}
	if (extra.loadRows) {
		lines.push(
			'# HELP tandem_document_load_rows Rows read to load a document: one snapshot plus the update-log tail.',
			'# TYPE tandem_document_load_rows histogram',
			...extra.loadRows.render('tandem_document_load_rows')
		);
	}
	if (extra.loadFailures !== undefined) {
		lines.push(
			'# HELP tandem_document_load_failures_total Loads refused because the database did not answer.',
			'# TYPE tandem_document_load_failures_total counter',
			`tandem_document_load_failures_total ${extra.loadFailures}`
		);
	}
	if (extra.unloggedUpdates !== undefined) {
		lines.push(
			'# HELP tandem_unlogged_updates Updates in memory whose commit failed and is being retried (not acknowledged).',
			'# TYPE tandem_unlogged_updates gauge',
			`tandem_unlogged_updates ${extra.unloggedUpdates}`
		);
	}
	if (extra.redisInstance !== undefined) {
		lines.push(
			'# HELP tandem_scale_out Whether REDIS_URL joins this process to others (1) or it serves alone (0).',
			'# TYPE tandem_scale_out gauge',
			extra.redisInstance
				? `tandem_scale_out{instance="${extra.redisInstance}"} 1`
				: 'tandem_scale_out{instance=""} 0'
		);
	}
	lines.push(
		'# HELP tandem_event_loop_delay_seconds Event-loop delay percentiles since start.',
		'# TYPE tandem_event_loop_delay_seconds gauge',
		`tandem_event_loop_delay_seconds{quantile="0.5"} ${loop.percentile(50) / 1e9}`,
		`tandem_event_loop_delay_seconds{quantile="0.99"} ${loop.percentile(99) / 1e9}`,
		`tandem_event_loop_delay_seconds{quantile="1"} ${loop.max / 1e9}`,
		'# HELP process_cpu_seconds_total User and system CPU time spent by the process.',
		'# TYPE process_cpu_seconds_total counter',
		`process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
		'# HELP process_resident_memory_bytes Resident memory.',
		'# TYPE process_resident_memory_bytes gauge',
		`process_resident_memory_bytes ${memory.rss}`,
		'# HELP nodejs_heap_used_bytes V8 heap in use.',
		'# TYPE nodejs_heap_used_bytes gauge',
		`nodejs_heap_used_bytes ${memory.heapUsed}`,
		'# HELP nodejs_active_resources Handles and requests keeping the event loop alive, by type (timers, sockets).',
		'# TYPE nodejs_active_resources gauge',
		...[...activeResources()].map(([type, count]) => `nodejs_active_resources{type="${type}"} ${count}`)
	);
	return lines.join('\n') + '\n';
}
