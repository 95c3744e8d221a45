// Prometheus text exposition of what an operator watches: sockets, documents, the durable path, the event loop.
import type { Runtime } from './runtime.ts';

export function renderMetrics(runtime: Runtime): string {
	const { connections, documents, updatesAppended, appendFailures, storeFailures, commitLatency } =
		runtime.collaboration.stats();
	const loop = runtime.eventLoopDelay;
	const memory = process.memoryUsage();
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
		`tandem_store_failures_total ${storeFailures}`,
		'# HELP tandem_event_loop_delay_seconds Event-loop delay percentiles since start.',
		'# TYPE tandem_event_loop_delay_seconds gauge',
		`tandem_event_loop_delay_seconds{quantile="0.5"} ${loop.percentile(50) / 1e9}`,
		`tandem_event_loop_delay_seconds{quantile="0.99"} ${loop.percentile(99) / 1e9}`,
		`tandem_event_loop_delay_seconds{quantile="1"} ${loop.max / 1e9}`,
		'# HELP process_resident_memory_bytes Resident memory.',
		'# TYPE process_resident_memory_bytes gauge',
		`process_resident_memory_bytes ${memory.rss}`
	];
	return lines.join('\n') + '\n';
}
