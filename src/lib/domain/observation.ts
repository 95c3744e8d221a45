// The observation document's structured part (design §6): `Y.Map` `session` (`startedAt`, `endedAt`),
// `Y.Array` `notes` of `Y.Map`, `Y.Map` `tools` (id → `Y.Map`) and `Y.Array` `events` of `Y.Map`, one
// element per tap. Several observers write into one document at once, online and offline, so:
// - a tally is a count of events, never a stored number: two taps at the same moment both count;
// - reading tolerates anything a collaborator may have written and never throws;
// - everything shown in order is ordered by time then id, a pure function of the merged content, so
//   every observer sees the same order (times are the server's when the device knew its offset).
import * as Y from 'yjs';
import { removeEntriesWithId, rootArray, rootMap } from './action-steps.ts';
import { isCalendarDate } from './calendar-date.ts';
import { bodyOf } from './document-body.ts';

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

// ---------------------------------------------------------------------------------------------------
// The tool library: what coaches count most (research/coaching.md: eCOVE, ICG forms, CHALK).

export interface ToolDefinition {
	label: string;
	type: ToolType;
	codes?: ToolCode[];
	size?: number | null;
}

export interface LibraryTool extends ToolDefinition {
	key: string;
	/** One line for the person choosing it. */
	description: string;
}

export const TOOL_LIBRARY: readonly LibraryTool[] = [
	{
		key: 'open-closed',
		label: 'Open vs closed questions',
		description: 'Tap each question the teacher asks.',
		type: 'tally',
		codes: [
			{ id: 'open', label: 'Open question' },
			{ id: 'closed', label: 'Closed question' }
		]
	},
	{
		key: 'praise-redirect',
		label: 'Praise vs redirect',
		description: 'Tap each specific praise and each redirection.',
		type: 'tally',
		codes: [
			{ id: 'praise', label: 'Praise' },
			{ id: 'redirect', label: 'Redirect' }
		]
	},
	{
		key: 'engagement',
		label: 'Engagement sweep',
		description: 'Every few minutes, count how many students are engaged.',
		type: 'sweep',
		size: 24
	},
	{
		key: 'talk-time',
		label: 'Teacher talk vs student talk',
		description: 'Tap who is talking; the timer splits the lesson.',
		type: 'timer',
		codes: [
			{ id: 'teacher', label: 'Teacher talk' },
			{ id: 'student', label: 'Student talk' }
		]
	},
	{
		key: 'bloom',
		label: 'Questions by Bloom level',
		description: 'Code each question by the thinking it asks for.',
		type: 'coding',
		codes: [
			{ id: 'remember', label: 'Remember' },
			{ id: 'understand', label: 'Understand' },
			{ id: 'apply', label: 'Apply' },
			{ id: 'analyze', label: 'Analyze' },
			{ id: 'evaluate', label: 'Evaluate' },
			{ id: 'create', label: 'Create' }
		]
	},
	{
		key: 'dok',
		label: 'Questions by DOK level',
		description: 'Code each question by its depth of knowledge.',
		type: 'coding',
		codes: [
			{ id: 'dok1', label: 'DOK 1 Recall' },
			{ id: 'dok2', label: 'DOK 2 Skill or concept' },
			{ id: 'dok3', label: 'DOK 3 Strategic thinking' },
			{ id: 'dok4', label: 'DOK 4 Extended thinking' }
		]
	}
];

export function libraryTool(key: string): LibraryTool | null {
	return TOOL_LIBRARY.find((tool) => tool.key === key) ?? null;
}

const SUGGESTIONS: readonly [RegExp, string][] = [
	[/question/i, 'open-closed'],
	[/bloom|higher[- ]order|rigou?r/i, 'bloom'],
	[/\bdok\b|depth of knowledge/i, 'dok'],
	[/praise|redirect|feedback|behaviou?r|positive/i, 'praise-redirect'],
	[/engag|on[- ]task|participat|attention/i, 'engagement'],
	[/talk|discuss|discourse|explain|wait time|turn and/i, 'talk-time']
];

/** Library tools that fit a lesson's look-fors (the observation's headings), in library order. */
export function suggestedTools(lookFors: readonly string[]): LibraryTool[] {
	const keys = new Set<string>();
	for (const lookFor of lookFors) {
		for (const [pattern, key] of SUGGESTIONS) if (pattern.test(lookFor)) keys.add(key);
	}
	return TOOL_LIBRARY.filter((tool) => keys.has(tool.key));
}

// ---------------------------------------------------------------------------------------------------
// Reading. Nothing here throws or creates anything.

function sessionMap(doc: Y.Doc, create: boolean) {
	return rootMap(doc, SESSION_ROOT, create);
}
function toolsMap(doc: Y.Doc, create: boolean) {
	return rootMap(doc, TOOLS_ROOT, create);
}
function notesArray(doc: Y.Doc, create: boolean) {
	return rootArray(doc, NOTES_ROOT, create);
}
function eventsArray(doc: Y.Doc, create: boolean) {
	return rootArray(doc, EVENTS_ROOT, create);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds of an ISO instant, or null when it is not one. */
export function instantMs(value: unknown): number | null {
	if (typeof value !== 'string' || !ISO_TIME.test(value)) return null;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
}

function readInstant(value: unknown): string | null {
	return instantMs(value) === null ? null : (value as string);
}

function readId(value: unknown): string | null {
	return typeof value === 'string' && value !== '' && value.length <= 200 ? value : null;
}

function readText(value: unknown, max: number): string {
	return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function readCount(value: unknown, max: number): number | null {
	const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	return Number.isInteger(number) && number >= 0 && number <= max ? number : null;
}

function readClock(value: unknown): ClockSource {
	return value === 'server' ? 'server' : 'device';
}

/** Codes as stored: a JSON array of `{ id, label }` (or of plain strings, each its own id and label). */
function readCodes(value: unknown): ToolCode[] {
	const list = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
	const codes: ToolCode[] = [];
	const seen = new Set<string>();
	for (const entry of list) {
		let id: string | null = null;
		let label = '';
		if (typeof entry === 'string') {
			id = readId(entry.trim());
			label = entry;
		} else if (entry instanceof Y.Map) {
			id = readId(entry.get('id'));
			label = readText(entry.get('label'), CODE_LABEL_MAX);
		} else if (entry && typeof entry === 'object') {
			const record = entry as Record<string, unknown>;
			id = readId(record.id);
			label = readText(record.label, CODE_LABEL_MAX);
		}
		if (id === null || seen.has(id)) continue;
		seen.add(id);
		codes.push({ id, label: label.trim() || id });
		if (codes.length >= CODES_PER_TOOL_MAX) break;
	}
	return codes;
}

function readGoalFeed(value: unknown): GoalFeed | null {
	const record =
		value instanceof Y.Map
			? (Object.fromEntries(value.entries()) as Record<string, unknown>)
			: value && typeof value === 'object' && !Array.isArray(value)
				? (value as Record<string, unknown>)
				: null;
	if (!record) return null;
	const measure = record.measure;
	const goalId = readId(record.goalId);
	if ((measure !== 'count' && measure !== 'percent') || goalId === null || !isCalendarDate(record.date))
		return null;
	return { measure, code: readId(record.code), goalId, date: record.date };
}

function readTool(id: string, entry: unknown): ObservationTool | null {
	if (!(entry instanceof Y.Map) || readId(id) === null) return null;
	const type: unknown = entry.get('type');
	if (!(TOOL_TYPES as readonly unknown[]).includes(type)) return null;
	const label = readText(entry.get('label'), TOOL_LABEL_MAX);
	const codes = readCodes(entry.get('codes'));
	const size = readCount(entry.get('size'), SWEEP_SIZE_MAX);
	// A tally, coding or timer with nothing to tap is not a tool anyone can use.
	if ((type === 'tally' || type === 'coding' || type === 'timer') && codes.length === 0) return null;
	if (type === 'sweep' && (size === null || size < 1)) return null;
	const library: unknown = entry.get('library');
	return {
		id,
		label: label || 'Untitled tool',
		type: type as ToolType,
		codes: type === 'sweep' ? [] : codes,
		size: type === 'sweep' ? size : null,
		library: typeof library === 'string' && library !== '' ? library : null,
		createdAt: readInstant(entry.get('createdAt')),
		goalFeed: readGoalFeed(entry.get('goalFeed'))
	};
}

export function readTools(doc: Y.Doc): ObservationTool[] {
	const map = toolsMap(doc, false);
	if (!map) return [];
	const tools: ObservationTool[] = [];
	for (const [id, entry] of map.entries()) {
		const tool = readTool(id, entry);
		if (tool) tools.push(tool);
	}
	return tools.sort(
		(a, b) => compare(a.createdAt ?? '\uffff', b.createdAt ?? '\uffff') || compare(a.id, b.id)
	);
}

export function readSession(doc: Y.Doc): ObservationSession {
	const map = sessionMap(doc, false);
	return {
		startedAt: readInstant(map?.get('startedAt')),
		endedAt: readInstant(map?.get('endedAt')),
		startedBy: readId(map?.get('startedBy')),
		debriefId: readId(map?.get('debriefId'))
	};
}

function readTags(value: unknown): string[] {
	const list = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
	const tags: string[] = [];
	for (const entry of list) {
		const tag = readText(entry, TAG_MAX);
		if (tag && !tags.includes(tag)) tags.push(tag);
		if (tags.length >= TAGS_PER_NOTE_MAX) break;
	}
	return tags;
}

function readNote(entry: unknown, startedMs: number | null): ObservationNote | null {
	if (!(entry instanceof Y.Map)) return null;
	const id = readId(entry.get('id'));
	const author = readId(entry.get('author'));
	const text = readText(entry.get('text'), NOTE_TEXT_MAX);
	if (id === null || author === null || text === '') return null;
	const at = readInstant(entry.get('at'));
	const atMs = instantMs(at);
	const storedOffset: unknown = entry.get('offsetMs');
	// From the session's start when both are known (a restarted session moves every offset); else as stored.
	const offsetMs =
		atMs !== null && startedMs !== null
			? Math.max(0, atMs - startedMs)
			: typeof storedOffset === 'number' && Number.isFinite(storedOffset) && storedOffset >= 0
				? storedOffset
				: null;
	return {
		id,
		at,
		offsetMs,
		author,
		authorName: readText(entry.get('authorName'), 120),
		lane: readId(entry.get('lane')) ?? author,
		text,
		tags: readTags(entry.get('tags')),
		clock: readClock(entry.get('clock')),
		highlight: entry.get('highlight') === true
	};
}

export function readNotes(doc: Y.Doc, session: ObservationSession = readSession(doc)): ObservationNote[] {
	const array = notesArray(doc, false);
	if (!array) return [];
	const startedMs = instantMs(session.startedAt);
	const notes: ObservationNote[] = [];
	const seen = new Set<string>();
	array.forEach((entry) => {
		const note = readNote(entry, startedMs);
		// A copied id (a replayed or hand-made update) must not show one note twice.
		if (!note || seen.has(note.id)) return;
		seen.add(note.id);
		notes.push(note);
	});
	return notes.sort(byTimeThenId);
}

function byTimeThenId(a: { at: string | null; id: string }, b: { at: string | null; id: string }): number {
	const aMs = instantMs(a.at) ?? Number.POSITIVE_INFINITY;
	const bMs = instantMs(b.at) ?? Number.POSITIVE_INFINITY;
	return aMs !== bMs ? (aMs < bMs ? -1 : 1) : compare(a.id, b.id);
}

function readEvent(entry: unknown): ObservationEvent | null {
	if (!(entry instanceof Y.Map)) return null;
	const id = readId(entry.get('id'));
	const tool = readId(entry.get('tool'));
	const by = readId(entry.get('by'));
	const at = readInstant(entry.get('at'));
	const atMs = instantMs(at);
	if (id === null || tool === null || by === null || at === null || atMs === null) return null;
	const code: unknown = entry.get('code');
	const phase: unknown = entry.get('phase');
	return {
		id,
		tool,
		code: typeof code === 'string' ? code.slice(0, 200) : '',
		at,
		atMs,
		by,
		clock: readClock(entry.get('clock')),
		value: readCount(entry.get('value'), SWEEP_SIZE_MAX),
		of: readCount(entry.get('of'), SWEEP_SIZE_MAX),
		phase: phase === 'start' || phase === 'stop' ? phase : null
	};
}

/** Every readable tap, of tools that exist or not, by time then id. */
export function readEvents(doc: Y.Doc): ObservationEvent[] {
	const array = eventsArray(doc, false);
	if (!array) return [];
	const events: ObservationEvent[] = [];
	const seen = new Set<string>();
	array.forEach((entry) => {
		const event = readEvent(entry);
		if (!event || seen.has(event.id)) return;
		seen.add(event.id);
		events.push(event);
	});
	return events.sort(byTimeThenId);
}

/** Whether a tap means something for this tool (a known code, a sweep value in range, a timer phase). */
function fitsTool(event: ObservationEvent, tool: ObservationTool): boolean {
	switch (tool.type) {
		case 'tally':
		case 'coding':
			return tool.codes.some((code) => code.id === event.code);
		case 'sweep':
			return event.value !== null && event.value <= (event.of ?? tool.size ?? 0);
		case 'timer':
			return event.phase === 'stop' || tool.codes.some((code) => code.id === event.code);
	}
}

export function readObservation(doc: Y.Doc): ObservationSnapshot {
	const session = readSession(doc);
	const tools = readTools(doc);
	const byId = new Map(tools.map((tool) => [tool.id, tool]));
	const events = readEvents(doc).filter((event) => {
		const tool = byId.get(event.tool);
		return tool !== undefined && fitsTool(event, tool);
	});
	return { session, tools, notes: readNotes(doc, session), events };
}

/** The observation's headings (the lesson plan's look-fors it was created from): its quick tags. */
export function observationHeadings(doc: Y.Doc): string[] {
	const body = bodyOf(doc);
	if (!body) return [];
	const headings: string[] = [];
	for (const node of body.toArray()) {
		if (!(node instanceof Y.XmlElement) || node.nodeName !== 'heading') continue;
		const text = plainText(node).trim().slice(0, TAG_MAX);
		if (text && !headings.includes(text)) headings.push(text);
	}
	return headings.slice(0, TAGS_PER_NOTE_MAX * 2);
}

function plainText(node: Y.XmlElement | Y.XmlText): string {
	if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]+>/g, '');
	return node
		.toArray()
		.map((child) => plainText(child as Y.XmlElement | Y.XmlText))
		.join('');
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Writing. Writers throw a RangeError for input no reader would accept, so the UI can say why.

/** A moment as recorded: the time and whose clock it came from. */
export interface Stamp {
	at: Date;
	clock: ClockSource;
}

function iso(at: Date): string {
	if (!(at instanceof Date) || !Number.isFinite(at.getTime())) throw new RangeError('Not a valid time.');
	return at.toISOString();
}

function writable<T>(value: T | null, what: string): T {
	if (value === null) throw new Error(`This observation’s ${what} are damaged and cannot be changed.`);
	return value;
}

/** Starts the observation (or resumes a stopped one: the start stays, the stop is cleared). */
export function startObservation(doc: Y.Doc, stamp: Stamp, by: string): void {
	const at = iso(stamp.at);
	const session = writable(sessionMap(doc, true), 'session details');
	doc.transact(() => {
		if (readInstant(session.get('startedAt')) === null) {
			session.set('startedAt', at);
			session.set('startedBy', by);
		}
		if (session.get('endedAt') !== undefined && session.get('endedAt') !== null) session.set('endedAt', null);
	});
}

export function stopObservation(doc: Y.Doc, stamp: Stamp): void {
	const at = iso(stamp.at);
	const session = writable(sessionMap(doc, true), 'session details');
	doc.transact(() => {
		if (readInstant(session.get('startedAt')) === null) session.set('startedAt', at);
		session.set('endedAt', at);
	});
}

export function setDebriefId(doc: Y.Doc, debriefId: string): void {
	const session = writable(sessionMap(doc, true), 'session details');
	if (session.get('debriefId') !== debriefId) doc.transact(() => session.set('debriefId', debriefId));
}

export interface NoteInput {
	text: string;
	tags?: readonly string[];
	author: string;
	authorName?: string;
	/** Defaults to the author: each observer writes in their own lane. */
	lane?: string;
}

function checkedNoteText(text: string): string {
	const trimmed = typeof text === 'string' ? text.trim() : '';
	if (trimmed === '') throw new RangeError('A note needs some text.');
	if (trimmed.length > NOTE_TEXT_MAX) throw new RangeError(`A note has at most ${NOTE_TEXT_MAX} characters.`);
	return trimmed;
}

function checkedTags(tags: readonly string[] | undefined): string[] {
	const clean: string[] = [];
	for (const tag of tags ?? []) {
		const text = typeof tag === 'string' ? tag.trim().slice(0, TAG_MAX) : '';
		if (text && !clean.includes(text)) clean.push(text);
	}
	return clean.slice(0, TAGS_PER_NOTE_MAX);
}

function checkedPerson(id: string, what: string): string {
	if (readId(id) === null) throw new RangeError(`${what} is missing.`);
	return id;
}

/** Appends a note and returns its id. Its offset is from the session's start, when it has started. */
export function addNote(
	doc: Y.Doc,
	input: NoteInput,
	stamp: Stamp,
	id: string = crypto.randomUUID()
): string {
	const text = checkedNoteText(input.text);
	const tags = checkedTags(input.tags);
	const author = checkedPerson(input.author, 'A note’s author');
	const at = iso(stamp.at);
	const startedMs = instantMs(readSession(doc).startedAt);
	const array = writable(notesArray(doc, true), 'notes');
	doc.transact(() => {
		const note = new Y.Map<unknown>();
		note.set('id', id);
		note.set('at', at);
		note.set('clock', stamp.clock);
		note.set('offsetMs', startedMs === null ? null : Math.max(0, stamp.at.getTime() - startedMs));
		note.set('author', author);
		note.set('authorName', (input.authorName ?? '').trim().slice(0, 120));
		note.set('lane', readId(input.lane) ?? author);
		note.set('text', text);
		note.set('tags', tags);
		note.set('highlight', false);
		array.push([note]);
	});
	return id;
}

function findEntry(array: Y.Array<unknown> | null, id: string): Y.Map<unknown> | null {
	if (!array) return null;
	let found: Y.Map<unknown> | null = null;
	array.forEach((entry) => {
		if (!found && entry instanceof Y.Map && entry.get('id') === id) found = entry;
	});
	return found;
}

/** Marks a note as a highlight for the group debrief (or unmarks it); false when there is no such note. */
export function setNoteHighlight(doc: Y.Doc, id: string, highlight: boolean): boolean {
	const note = findEntry(notesArray(doc, false), id);
	if (!note) return false;
	if (note.get('highlight') !== highlight) doc.transact(() => note.set('highlight', highlight === true));
	return true;
}

export function removeNote(doc: Y.Doc, id: string): boolean {
	return removeEntriesWithId(doc, notesArray(doc, false), id);
}

function checkedCodes(codes: readonly ToolCode[] | undefined): ToolCode[] {
	const clean: ToolCode[] = [];
	for (const code of codes ?? []) {
		const label = typeof code?.label === 'string' ? code.label.trim().slice(0, CODE_LABEL_MAX) : '';
		const id = readId(typeof code?.id === 'string' ? code.id.trim() : '');
		if (!label || id === null || clean.some((c) => c.id === id)) continue;
		clean.push({ id, label });
	}
	if (clean.length > CODES_PER_TOOL_MAX)
		throw new RangeError(`A tool has at most ${CODES_PER_TOOL_MAX} buttons.`);
	return clean;
}

/** Codes for a coach's own tool from the labels they typed: ids are made from the labels. */
export function codesFromLabels(labels: readonly string[]): ToolCode[] {
	const codes: ToolCode[] = [];
	for (const raw of labels) {
		const label = raw.trim().slice(0, CODE_LABEL_MAX);
		if (!label) continue;
		const base =
			label
				.toLowerCase()
				.normalize('NFKD')
				.replace(/[^a-z0-9]+/g, '-')
				.replace(/^-|-$/g, '') || 'code';
		let id = base;
		for (let n = 2; codes.some((code) => code.id === id); n++) id = `${base}-${n}`;
		codes.push({ id, label });
	}
	return codes;
}

/**
 * Adds a tool and returns its id. A library tool's id is its library key, so two observers adding the
 * same tool at once end up with one tool (the map key is the same), not two; adding it again is a no-op.
 */
export function addTool(
	doc: Y.Doc,
	definition: ToolDefinition & { library?: string | null },
	stamp: Stamp,
	id: string = definition.library ?? crypto.randomUUID()
): string {
	if (!(TOOL_TYPES as readonly string[]).includes(definition.type))
		throw new RangeError(`Not a kind of tool: ${String(definition.type)}`);
	const label = typeof definition.label === 'string' ? definition.label.trim().slice(0, TOOL_LABEL_MAX) : '';
	if (!label) throw new RangeError('A tool needs a name.');
	const codes = definition.type === 'sweep' ? [] : checkedCodes(definition.codes);
	if (definition.type !== 'sweep' && codes.length === 0)
		throw new RangeError(
			definition.type === 'timer'
				? 'A timer needs at least one segment.'
				: 'A tool needs at least one button.'
		);
	const size = definition.type === 'sweep' ? definition.size : null;
	if (
		definition.type === 'sweep' &&
		(!Number.isInteger(size) || (size as number) < 1 || (size as number) > SWEEP_SIZE_MAX)
	)
		throw new RangeError(`A sweep counts 1 to ${SWEEP_SIZE_MAX} students.`);
	const map = writable(toolsMap(doc, true), 'tools');
	if (readTool(id, map.get(id))) return id;
	doc.transact(() => {
		const tool = new Y.Map<unknown>();
		tool.set('label', label);
		tool.set('type', definition.type);
		tool.set('codes', codes);
		tool.set('size', size);
		tool.set('library', definition.library ?? null);
		tool.set('createdAt', iso(stamp.at));
		map.set(id, tool);
	});
	return id;
}

export function addLibraryTool(doc: Y.Doc, key: string, stamp: Stamp): string {
	const entry = libraryTool(key);
	if (!entry) throw new RangeError(`No such tool in the library: ${key}`);
	return addTool(doc, { ...entry, library: entry.key }, stamp, entry.key);
}

/** Sets how many students a sweep counts; later sweeps use it, earlier ones keep theirs. */
export function setSweepSize(doc: Y.Doc, toolId: string, size: number): boolean {
	if (!Number.isInteger(size) || size < 1 || size > SWEEP_SIZE_MAX)
		throw new RangeError(`A sweep counts 1 to ${SWEEP_SIZE_MAX} students.`);
	const tool = toolsMap(doc, false)?.get(toolId);
	if (!(tool instanceof Y.Map) || tool.get('type') !== 'sweep') return false;
	if (tool.get('size') !== size) doc.transact(() => tool.set('size', size));
	return true;
}

/** Removes a tool; its taps stay in the document (as history) but no longer count anywhere. */
export function removeTool(doc: Y.Doc, toolId: string): boolean {
	const map = toolsMap(doc, false);
	if (!map?.has(toolId)) return false;
	doc.transact(() => map.delete(toolId));
	return true;
}

export function setGoalFeed(doc: Y.Doc, toolId: string, feed: GoalFeed | null): boolean {
	const tool = toolsMap(doc, false)?.get(toolId);
	if (!(tool instanceof Y.Map)) return false;
	if (feed !== null) {
		if (feed.measure !== 'count' && feed.measure !== 'percent')
			throw new RangeError('Choose count or percent.');
		if (!isCalendarDate(feed.date)) throw new RangeError('A measurement needs a date (YYYY-MM-DD).');
		if (readId(feed.goalId) === null) throw new RangeError('Which goal?');
	}
	doc.transact(() =>
		tool.set(
			'goalFeed',
			feed === null ? null : { measure: feed.measure, code: feed.code, goalId: feed.goalId, date: feed.date }
		)
	);
	return true;
}

export interface TapInput {
	tool: string;
	/** Tally/coding: the code; timer: the segment (or '' with phase 'stop'); sweep: ignored. */
	code?: string;
	by: string;
	/** Sweep: how many are engaged. */
	value?: number;
	/** Timer: 'stop' ends the running segment; anything else starts `code`. */
	phase?: TimerPhase;
}

/** Records one tap as its own event and returns its id. Throws a RangeError when it fits no tool. */
export function recordTap(
	doc: Y.Doc,
	input: TapInput,
	stamp: Stamp,
	id: string = crypto.randomUUID()
): string {
	const tool = readTool(input.tool, toolsMap(doc, false)?.get(input.tool));
	if (!tool) throw new RangeError('That tool is no longer in this observation.');
	const by = checkedPerson(input.by, 'Who tapped');
	const at = iso(stamp.at);
	const fields: [string, unknown][] = [];
	switch (tool.type) {
		case 'tally':
		case 'coding':
			if (!tool.codes.some((code) => code.id === input.code))
				throw new RangeError(`“${tool.label}” has no button ${String(input.code)}.`);
			fields.push(['code', input.code]);
			break;
		case 'sweep': {
			const of = tool.size ?? 0;
			if (!Number.isInteger(input.value) || (input.value as number) < 0 || (input.value as number) > of)
				throw new RangeError(`Enter how many of the ${of} students are engaged.`);
			fields.push(['code', 'engaged'], ['value', input.value], ['of', of]);
			break;
		}
		case 'timer':
			if (input.phase === 'stop') {
				fields.push(['code', ''], ['phase', 'stop']);
			} else {
				if (!tool.codes.some((code) => code.id === input.code))
					throw new RangeError(`“${tool.label}” has no segment ${String(input.code)}.`);
				fields.push(['code', input.code], ['phase', 'start']);
			}
			break;
	}
	const array = writable(eventsArray(doc, true), 'taps');
	doc.transact(() => {
		const event = new Y.Map<unknown>();
		event.set('id', id);
		event.set('tool', tool.id);
		event.set('at', at);
		event.set('clock', stamp.clock);
		event.set('by', by);
		for (const [key, value] of fields) event.set(key, value);
		array.push([event]);
	});
	return id;
}

/** This person's latest tap (of one tool, or of any), as every observer orders taps. */
export function lastTapBy(
	snapshot: ObservationSnapshot,
	by: string,
	toolId?: string
): ObservationEvent | null {
	for (let i = snapshot.events.length - 1; i >= 0; i--) {
		const event = snapshot.events[i] as ObservationEvent;
		if (event.by === by && (toolId === undefined || event.tool === toolId)) return event;
	}
	return null;
}

/**
 * Undoes this person's own last tap (of one tool, or of any) by deleting that one event, and returns it;
 * null when they have none. Nobody else's taps are touched, so an undo never takes back a colleague's count.
 */
export function undoLastTap(doc: Y.Doc, by: string, toolId?: string): ObservationEvent | null {
	const last = lastTapBy(readObservation(doc), by, toolId);
	if (!last) return null;
	return removeEntriesWithId(doc, eventsArray(doc, false), last.id) ? last : null;
}

// ---------------------------------------------------------------------------------------------------
// Derived figures: totals, tallies over time, sweep series, timer splits, goal feed values.

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

const round1 = (value: number) => Math.round(value * 10) / 10;

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

// ---------------------------------------------------------------------------------------------------
// Lanes: each observer's notes, side by side.

export interface Lane {
	id: string;
	name: string;
	notes: ObservationNote[];
}

/**
 * One lane per observer, ordered by name then id (the same for everyone); each lane's notes keep the
 * shared order. `people` names observers the page knows; a note's own `authorName` covers the rest.
 */
export function lanesOf(
	notes: readonly ObservationNote[],
	people: Readonly<Record<string, string>> = {}
): Lane[] {
	const lanes = new Map<string, Lane>();
	for (const note of notes) {
		let lane = lanes.get(note.lane);
		if (!lane) {
			lane = { id: note.lane, name: '', notes: [] };
			lanes.set(note.lane, lane);
		}
		lane.notes.push(note);
		if (!lane.name) lane.name = people[note.lane] ?? (note.lane === note.author ? note.authorName : '');
	}
	for (const lane of lanes.values()) if (!lane.name) lane.name = people[lane.id] ?? 'Observer';
	return [...lanes.values()].sort(
		(a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id)
	);
}
