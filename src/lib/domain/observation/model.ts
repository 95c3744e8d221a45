// What an observation document holds (ARCHITECTURE.md, docs/design.md §6): `Y.Map` `session` (`startedAt`,
// `endedAt`), `Y.Array` `notes` of `Y.Map`, `Y.Map` `tools` (id → `Y.Map`) and `Y.Array` `events` of
// `Y.Map`, one element per tap. Several observers write into one document at once, online and offline, so:
// - a tally is a count of events, never a stored number: two taps at the same moment both count;
// - reading tolerates anything a collaborator may have written and never throws;
// - everything shown in order is ordered by time then id, a pure function of the merged content, so
//   every observer sees the same order (times are the server's when the device knew its offset).
// The modules beside this one read it (read.ts), write it (write.ts), offer tools (library.ts), derive
// figures (figures.ts) and group notes by observer (lanes.ts); wording for people is in src/lib/format.

export const SESSION_ROOT = 'session';
export const NOTES_ROOT = 'notes';
export const TOOLS_ROOT = 'tools';
export const EVENTS_ROOT = 'events';

export const TOOL_TYPES = ['tally', 'sweep', 'timer', 'coding'] as const;
export type ToolType = (typeof TOOL_TYPES)[number];

/** Whose clock a time came from: the server's (device time corrected by a measured offset) or the device's. */
export type ClockSource = 'server' | 'device';

export const NOTE_TEXT_MAX = 2000;
export const TAG_MAX = 80;
export const TAGS_PER_NOTE_MAX = 12;
export const TOOL_LABEL_MAX = 80;
export const CODE_LABEL_MAX = 60;
export const CODES_PER_TOOL_MAX = 12;
export const SWEEP_SIZE_MAX = 200;
/** Tallies over time are counted in buckets of five minutes from the start. */
export const BUCKET_MS = 5 * 60_000;

export interface ToolCode {
	id: string;
	label: string;
}

/** A tool's count or ratio feeding the cycle's goal as a measurement (source `observation:<doc>:<tool>`). */
export interface GoalFeed {
	/** 'count': how many (tally/coding: taps; sweep: the latest number engaged; timer: minutes).
	 * 'percent': the share, 0–100 (tally/coding: of all taps; sweep: average engaged; timer: of timed talk). */
	measure: 'count' | 'percent';
	/** The code counted; null counts every tap (tally/coding, 'count' only). */
	code: string | null;
	/** The goal document the measurement lives in. */
	goalId: string;
	/** 'YYYY-MM-DD', the measurement's date. */
	date: string;
}

export interface ObservationTool {
	id: string;
	label: string;
	type: ToolType;
	/** Tally and coding: what is counted; timer: the segments; sweep: none. */
	codes: ToolCode[];
	/** Sweep: how many students are in the room (N); null otherwise. */
	size: number | null;
	/** The library entry it came from, or null for a coach's own tool. */
	library: string | null;
	createdAt: string | null;
	goalFeed: GoalFeed | null;
}

export interface ObservationSession {
	startedAt: string | null;
	endedAt: string | null;
	startedBy: string | null;
	/** The group debrief created from this observation, once there is one. */
	debriefId: string | null;
}

export interface ObservationNote {
	id: string;
	/** ISO time; null for a note written without one (sorted last). */
	at: string | null;
	/** From the start of the observation; null before it started or without a time. */
	offsetMs: number | null;
	author: string;
	/** The author's name as written with the note; people lists may know better. */
	authorName: string;
	/** Each observer's notes are their lane; by default the author's id. */
	lane: string;
	text: string;
	tags: string[];
	clock: ClockSource;
	highlight: boolean;
}

export type TimerPhase = 'start' | 'stop';

export interface ObservationEvent {
	id: string;
	tool: string;
	/** The code tapped (tally/coding), the segment started (timer; '' for a stop), 'engaged' (sweep). */
	code: string;
	at: string;
	atMs: number;
	by: string;
	clock: ClockSource;
	/** Sweep: how many were engaged. */
	value: number | null;
	/** Sweep: out of how many. */
	of: number | null;
	/** Timer: a segment starts, or the timer stops. */
	phase: TimerPhase | null;
}

export interface ObservationSnapshot {
	session: ObservationSession;
	/** Ordered by creation time, then id. */
	tools: ObservationTool[];
	/** Ordered by time (server time when known), then id: the same order for every observer. */
	notes: ObservationNote[];
	/** Ordered by time, then id. Only events of tools that exist. */
	events: ObservationEvent[];
}
