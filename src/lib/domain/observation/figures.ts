// Derived figures of an observation: totals, tallies over time, sweep series, timer splits, goal feed
// values. Numbers only: how they read to people is in src/lib/format/observation.ts.
import {
	BUCKET_MS,
	type GoalFeed,
	type ObservationEvent,
	type ObservationSnapshot,
	type ObservationTool
} from './model.ts';
import { instantMs } from './read.ts';

export interface CodeCount {
	code: string;
	label: string;
	count: number;
}

export interface TimeBucket {
	/** From the start of the observation. */
	startMs: number;
	counts: CodeCount[];
	total: number;
}

export interface SweepPoint {
	id: string;
	at: string;
	offsetMs: number;
	value: number;
	of: number;
	/** 0–100, one decimal. */
	percent: number;
}

export interface TimerSegmentTotal {
	code: string;
	label: string;
	ms: number;
	/** 0–100 of all timed time, one decimal; 0 when nothing was timed. */
	percent: number;
}

export interface TimerInterval {
	code: string;
	startMs: number;
	endMs: number;
}

export type ToolSummary =
	| { tool: ObservationTool; kind: 'counts'; total: number; counts: CodeCount[]; buckets: TimeBucket[] }
	| { tool: ObservationTool; kind: 'sweep'; points: SweepPoint[]; averagePercent: number | null }
	| {
			tool: ObservationTool;
			kind: 'timer';
			segments: TimerSegmentTotal[];
			totalMs: number;
			intervals: TimerInterval[];
			/** The segment running now (not stopped, session not ended), with when it started. */
			running: { code: string; sinceMs: number } | null;
	  };

/** Percentages and minutes are shown to a tenth. */
export const round1 = (value: number) => Math.round(value * 10) / 10;

/** Where time zero is: the session's start, else the first tap or note. */
export function originMs(snapshot: ObservationSnapshot): number | null {
	const started = instantMs(snapshot.session.startedAt);
	if (started !== null) return started;
	const first = snapshot.events[0]?.atMs ?? null;
	return first;
}

/** Where the clock stops for running timers: the session's end, else `nowMs`. */
function endMs(snapshot: ObservationSnapshot, nowMs: number): number {
	return instantMs(snapshot.session.endedAt) ?? nowMs;
}

export function eventsOf(snapshot: ObservationSnapshot, toolId: string): ObservationEvent[] {
	return snapshot.events.filter((event) => event.tool === toolId);
}

function countsFor(tool: ObservationTool, events: readonly ObservationEvent[]): CodeCount[] {
	return tool.codes.map((code) => ({
		code: code.id,
		label: code.label,
		count: events.reduce((n, event) => n + (event.code === code.id ? 1 : 0), 0)
	}));
}

/** Tallies per five minutes from the start, every bucket up to the last tap (or now) present, empty or not. */
export function bucketsFor(
	tool: ObservationTool,
	events: readonly ObservationEvent[],
	origin: number | null,
	untilMs: number
): TimeBucket[] {
	if (origin === null || events.length === 0) return [];
	const lastMs = Math.max(untilMs, ...events.map((event) => event.atMs));
	const count = Math.min(Math.floor(Math.max(0, lastMs - origin) / BUCKET_MS) + 1, 288);
	const buckets: TimeBucket[] = Array.from({ length: count }, (_, index) => ({
		startMs: index * BUCKET_MS,
		counts: tool.codes.map((code) => ({ code: code.id, label: code.label, count: 0 })),
		total: 0
	}));
	for (const event of events) {
		const index = Math.min(count - 1, Math.max(0, Math.floor((event.atMs - origin) / BUCKET_MS)));
		const bucket = buckets[index] as TimeBucket;
		const entry = bucket.counts.find((c) => c.code === event.code);
		if (!entry) continue;
		entry.count += 1;
		bucket.total += 1;
	}
	return buckets;
}

export function sweepSeries(events: readonly ObservationEvent[], origin: number | null): SweepPoint[] {
	return events.flatMap((event) => {
		if (event.value === null) return [];
		const of = event.of ?? 0;
		if (of < 1) return [];
		return [
			{
				id: event.id,
				at: event.at,
				offsetMs: origin === null ? 0 : Math.max(0, event.atMs - origin),
				value: event.value,
				of,
				percent: round1((event.value / of) * 100)
			}
		];
	});
}

/**
 * A segment timer's intervals: each start runs until the next tap of that timer (another segment's start,
 * or a stop), by time then id, or until the session's end (or now). Taps from several observers merge
 * into one timeline; starting the segment that is already running just continues it.
 */
export function timerSplits(
	tool: ObservationTool,
	events: readonly ObservationEvent[],
	untilMs: number
): {
	segments: TimerSegmentTotal[];
	totalMs: number;
	intervals: TimerInterval[];
	running: { code: string; sinceMs: number } | null;
} {
	const intervals: TimerInterval[] = [];
	let current: { code: string; startMs: number } | null = null;
	for (const event of events) {
		if (current && event.atMs > current.startMs) {
			const last = intervals.at(-1);
			if (last && last.code === current.code && last.endMs === current.startMs) last.endMs = event.atMs;
			else intervals.push({ code: current.code, startMs: current.startMs, endMs: event.atMs });
		}
		current = event.phase === 'stop' ? null : { code: event.code, startMs: event.atMs };
	}
	let running: { code: string; sinceMs: number } | null = null;
	if (current) {
		if (untilMs > current.startMs)
			intervals.push({ code: current.code, startMs: current.startMs, endMs: untilMs });
		running = { code: current.code, sinceMs: current.startMs };
	}
	const totalMs = intervals.reduce((sum, interval) => sum + (interval.endMs - interval.startMs), 0);
	const segments = tool.codes.map((code) => {
		const ms = intervals
			.filter((interval) => interval.code === code.id)
			.reduce((sum, interval) => sum + (interval.endMs - interval.startMs), 0);
		return { code: code.id, label: code.label, ms, percent: totalMs > 0 ? round1((ms / totalMs) * 100) : 0 };
	});
	return { segments, totalMs, intervals, running };
}

/** Everything one tool shows: counts and tallies over time, a sweep's series, or a timer's splits. */
export function summarizeTool(
	snapshot: ObservationSnapshot,
	tool: ObservationTool,
	nowMs: number
): ToolSummary {
	const events = eventsOf(snapshot, tool.id);
	const origin = originMs(snapshot);
	const until = endMs(snapshot, nowMs);
	switch (tool.type) {
		case 'tally':
		case 'coding': {
			const counts = countsFor(tool, events);
			return {
				tool,
				kind: 'counts',
				total: counts.reduce((sum, c) => sum + c.count, 0),
				counts,
				buckets: bucketsFor(tool, events, origin, Math.min(until, events.at(-1)?.atMs ?? until))
			};
		}
		case 'sweep': {
			const points = sweepSeries(events, origin);
			return {
				tool,
				kind: 'sweep',
				points,
				averagePercent:
					points.length === 0 ? null : round1(points.reduce((sum, p) => sum + p.percent, 0) / points.length)
			};
		}
		case 'timer': {
			const splits = timerSplits(tool, events, until);
			return {
				tool,
				kind: 'timer',
				...splits,
				running: instantMs(snapshot.session.endedAt) === null ? splits.running : null
			};
		}
	}
}

export function summarizeTools(snapshot: ObservationSnapshot, nowMs: number): ToolSummary[] {
	return snapshot.tools.map((tool) => summarizeTool(snapshot, tool, nowMs));
}

/** Taps per tool and code, every code listed: `{ toolId: { code: count } }` (sweeps: `engaged`; timers: also `stop`). */
export function tapTotals(snapshot: ObservationSnapshot): Record<string, Record<string, number>> {
	const totals: Record<string, Record<string, number>> = {};
	for (const tool of snapshot.tools)
		totals[tool.id] = Object.fromEntries(
			tool.type === 'sweep' ? [['engaged', 0]] : tool.codes.map((code) => [code.id, 0])
		);
	for (const event of snapshot.events) {
		const perTool = totals[event.tool];
		if (!perTool) continue;
		const key = event.phase === 'stop' ? 'stop' : event.code;
		perTool[key] = (perTool[key] ?? 0) + 1;
	}
	return totals;
}

/** The measurement a feed sends: a count or a percentage of this tool's taps; null when there is no data. */
export function goalFeedValue(
	snapshot: ObservationSnapshot,
	tool: ObservationTool,
	feed: Pick<GoalFeed, 'measure' | 'code'>,
	nowMs: number
): number | null {
	return summaryFeedValue(summarizeTool(snapshot, tool, nowMs), feed);
}

/** `goalFeedValue` from a tool's summary already made. */
export function summaryFeedValue(
	summary: ToolSummary,
	feed: Pick<GoalFeed, 'measure' | 'code'>
): number | null {
	switch (summary.kind) {
		case 'counts': {
			const count =
				feed.code === null ? summary.total : (summary.counts.find((c) => c.code === feed.code)?.count ?? 0);
			if (feed.measure === 'count') return count;
			return summary.total === 0 ? null : round1((count / summary.total) * 100);
		}
		case 'sweep':
			if (summary.points.length === 0) return null;
			return feed.measure === 'percent' ? summary.averagePercent : (summary.points.at(-1)?.value ?? null);
		case 'timer': {
			const segment = summary.segments.find((s) => s.code === feed.code) ?? summary.segments[0];
			if (!segment || summary.totalMs === 0) return null;
			return feed.measure === 'percent' ? segment.percent : round1(segment.ms / 60_000);
		}
	}
}
