// Markdown and verdicts for the scenario summaries: tables, ratios between servers, and target outcomes.
import type { ServerKind, ServerRun, TargetOutcome, TargetStatus } from './scenario.ts';

export function table(headers: string[], rows: (string | number)[][]): string {
	const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
	return [headers, align, ...rows.map((row) => row.map(String))]
		.map((cells) => `| ${cells.join(' | ')} |`)
		.join('\n');
}

/** A number with sensible precision for a table cell. */
export function fmt(value: number | undefined, digits = 2): string {
	if (value === undefined || !Number.isFinite(value)) return '—';
	if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
	return Number(value.toFixed(digits)).toString();
}

export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
	if (numerator === undefined || denominator === undefined || !(denominator > 0)) return undefined;
	return numerator / denominator;
}

export function fmtRatio(value: number | undefined): string {
	return value === undefined ? '—' : `${value.toFixed(2)}×`;
}

export const MB = 1024 * 1024;

/**
 * A target "value ≤ limit". Void when a run it depends on was void (the generator was the bottleneck) or
 * missing (the run failed), so a verdict never rests on figures the bench does not trust.
 */
export function atMost(
	target: string,
	value: number | undefined,
	limit: number | undefined,
	detail: string,
	dependsOn: (ServerRun<unknown> | undefined)[]
): TargetOutcome {
	let status: TargetStatus;
	if (dependsOn.some((run) => !run || run.error)) status = 'n/a';
	else if (dependsOn.some((run) => run?.void)) status = 'void';
	else if (value === undefined || limit === undefined) status = 'n/a';
	else status = value <= limit ? 'met' : 'missed';
	return { target, status, detail, ...(value !== undefined && limit !== undefined ? { value, limit } : {}) };
}

export function runOf<Run>(runs: ServerRun<Run>[], kind: ServerKind): ServerRun<Run> | undefined {
	return runs.find((run) => run.kind === kind);
}

/** The references Tandem is held against; the relay is a floor, not a competitor. */
export const references: ServerKind[] = ['hocuspocus', 'y-websocket'];

/** The smaller of the references' values, and which reference it was. */
export function bestReference<Run>(
	runs: ServerRun<Run>[],
	value: (run: Run) => number | undefined
): { kind: ServerKind; value: number; run: ServerRun<Run> } | undefined {
	let best: { kind: ServerKind; value: number; run: ServerRun<Run> } | undefined;
	for (const kind of references) {
		const run = runOf(runs, kind);
		const v = run?.run ? value(run.run) : undefined;
		if (v !== undefined && (!best || v < best.value)) best = { kind, value: v, run: run! };
	}
	return best;
}

export function targetsTable(targets: TargetOutcome[]): string {
	const mark: Record<TargetStatus, string> = { met: 'met', missed: '**missed**', void: 'void', 'n/a': 'n/a' };
	return table(
		['target', 'verdict', 'measured'],
		targets.map((t) => [t.target, mark[t.status], t.detail])
	);
}
