// Reading an observation document. Nothing here throws or creates anything.
import * as Y from 'yjs';
import { rootArray, rootMap } from '../action-steps.ts';
import { isCalendarDate } from '../calendar-date.ts';
import { bodyOf } from '../document-body.ts';
import {
	type ClockSource,
	CODE_LABEL_MAX,
	CODES_PER_TOOL_MAX,
	EVENTS_ROOT,
	type GoalFeed,
	NOTE_TEXT_MAX,
	NOTES_ROOT,
	type ObservationEvent,
	type ObservationNote,
	type ObservationSession,
	type ObservationSnapshot,
	type ObservationTool,
	SESSION_ROOT,
	SWEEP_SIZE_MAX,
	TAG_MAX,
	TAGS_PER_NOTE_MAX,
	TOOL_LABEL_MAX,
	TOOL_TYPES,
	type ToolCode,
	TOOLS_ROOT,
	type ToolType
} from './model.ts';

export function sessionMap(doc: Y.Doc, create: boolean) {
	return rootMap(doc, SESSION_ROOT, create);
}
export function toolsMap(doc: Y.Doc, create: boolean) {
	return rootMap(doc, TOOLS_ROOT, create);
}
export function notesArray(doc: Y.Doc, create: boolean) {
	return rootArray(doc, NOTES_ROOT, create);
}
export function eventsArray(doc: Y.Doc, create: boolean) {
	return rootArray(doc, EVENTS_ROOT, create);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds of an ISO instant, or null when it is not one. */
export function instantMs(value: unknown): number | null {
	if (typeof value !== 'string' || !ISO_TIME.test(value)) return null;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
}

export function readInstant(value: unknown): string | null {
	return instantMs(value) === null ? null : (value as string);
}

export function readId(value: unknown): string | null {
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

export function readTool(id: string, entry: unknown): ObservationTool | null {
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

export function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
