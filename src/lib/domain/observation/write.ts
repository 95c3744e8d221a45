// Writing an observation document. Writers throw a RangeError for input no reader would accept, so the
// UI can say why.
import * as Y from 'yjs';
import { removeEntriesWithId } from '../action-steps.ts';
import { isCalendarDate } from '../calendar-date.ts';
import { libraryTool, type ToolDefinition } from './library.ts';
import {
	type ClockSource,
	CODE_LABEL_MAX,
	CODES_PER_TOOL_MAX,
	type GoalFeed,
	NOTE_TEXT_MAX,
	type ObservationEvent,
	type ObservationSnapshot,
	SWEEP_SIZE_MAX,
	TAG_MAX,
	TAGS_PER_NOTE_MAX,
	type TimerPhase,
	TOOL_LABEL_MAX,
	TOOL_TYPES,
	type ToolCode
} from './model.ts';
import {
	eventsArray,
	instantMs,
	notesArray,
	readId,
	readInstant,
	readObservation,
	readSession,
	readTool,
	sessionMap,
	toolsMap
} from './read.ts';

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
