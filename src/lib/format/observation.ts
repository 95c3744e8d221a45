// How an observation's figures read to people: the line under each chart (also what a screen reader
// hears), durations on the observation clock, and what a goal feed measures. The group debrief and the
// goal's measurement labels are written with these, so server and browser say the same thing.
import { round1, type CodeCount, type ToolSummary } from '../domain/observation/figures.ts';
import type { GoalFeed, ObservationTool } from '../domain/observation/model.ts';

/** One line per tool, for the debrief and for screen readers: "Open question 12, Closed question 5 (17 taps)". */
export function describeSummary(summary: ToolSummary): string {
	switch (summary.kind) {
		case 'counts': {
			const parts = summary.counts.map((c) => `${c.label} ${c.count}`);
			if (summary.total > 0 && summary.counts.length === 2) {
				const [first] = summary.counts as [CodeCount, CodeCount];
				parts.push(`${round1((first.count / summary.total) * 100)}% ${first.label.toLowerCase()}`);
			}
			return `${parts.join(', ')} (${summary.total} ${summary.total === 1 ? 'tap' : 'taps'})`;
		}
		case 'sweep':
			return summary.points.length === 0
				? 'No sweeps yet'
				: `${summary.points.length} ${summary.points.length === 1 ? 'sweep' : 'sweeps'}, ` +
						`average ${summary.averagePercent}% engaged, latest ${summary.points.at(-1)?.value} of ${summary.points.at(-1)?.of}`;
		case 'timer':
			return summary.totalMs === 0
				? 'Not timed yet'
				: summary.segments.map((s) => `${s.label} ${formatDuration(s.ms)} (${s.percent}%)`).join(', ');
	}
}

/** "12:04" (minutes:seconds), "1:02:03" past an hour. */
export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const two = (n: number) => String(n).padStart(2, '0');
	return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** What a feed measures, in words: "% Open question (Open vs closed questions)". */
export function describeGoalFeed(tool: ObservationTool, feed: Pick<GoalFeed, 'measure' | 'code'>): string {
	const code =
		tool.codes.find((c) => c.id === feed.code) ?? (tool.type === 'timer' ? tool.codes[0] : undefined);
	switch (tool.type) {
		case 'sweep':
			return feed.measure === 'percent'
				? `Average % engaged (${tool.label})`
				: `Latest number engaged (${tool.label})`;
		case 'timer':
			return feed.measure === 'percent'
				? `% of talk time: ${code?.label ?? ''} (${tool.label})`
				: `Minutes of ${code?.label ?? ''} (${tool.label})`;
		default:
			if (feed.measure === 'percent') return `% ${code?.label ?? 'taps'} (${tool.label})`;
			return code ? `Count of ${code.label} (${tool.label})` : `All taps (${tool.label})`;
	}
}
