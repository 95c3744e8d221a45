// Action steps inside a cycle document (docs/design.md §6): the root `Y.Array` `actionSteps` holds one `Y.Map`
// per step (`id`, `text`, `owner`, `due`, `done`). Any collaborator can write anything into the document,
// and the server derives the cycle's action-step table from it, so reading never trusts its shape and
// never throws; writing keeps every field a separate map key, so concurrent edits to different fields
// of one step (one person ticks it done while another rewords it) both survive the merge. A step's `text`
// is a `Y.Text` (created with the step, by the one person who adds it), so two people rewording the same
// step merge their words; documents of schema version 1 kept a string there, which reading still accepts
// and the server converts at load (document-shape.ts).
import * as Y from 'yjs';
import { addDays, isCalendarDate } from './calendar-date.ts';

export interface ActionStep {
	id: string;
	text: string;
	ownerId: string | null;
	/** 'YYYY-MM-DD', or null for no due date. */
	due: string | null;
	done: boolean;
	/** Index in the document's array, counting entries that were skipped as unreadable. */
	position: number;
}

export type ActionStepInput = { text: string; ownerId: string | null; due: string | null };
export type ActionStepPatch = Partial<ActionStepInput & { done: boolean }>;
export type ActionStepStatus = 'done' | 'overdue' | 'due_this_week' | 'later' | 'no_date';

export const ACTION_STEP_TEXT_MAX = 500;
export const ACTION_STEPS_ROOT = 'actionSteps';

/**
 * Whether the root type `name` is missing (undefined), usable as `Type` (true), or was written as
 * another type (false). A root that arrived in an update before anyone here asked for it is a bare
 * `AbstractType`, which `doc.getArray`/`getMap` re-type in place; asking for a root that is already
 * defined as a different type throws, which is why callers look before they ask.
 */
function rootUsableAs(
	doc: Y.Doc,
	name: string,
	Type: typeof Y.Array | typeof Y.Map | typeof Y.Text
): boolean | undefined {
	const existing = doc.share.get(name);
	if (existing === undefined) return undefined;
	return existing instanceof Type || existing.constructor === Y.AbstractType;
}

/** The root `Y.Array` `name`; null when it is missing (and not `create`) or has another type. */
export function rootArray(doc: Y.Doc, name: string, create: boolean): Y.Array<unknown> | null {
	const usable = rootUsableAs(doc, name, Y.Array);
	return usable === false || (usable === undefined && !create) ? null : doc.getArray<unknown>(name);
}

/** The root `Y.Map` `name`; null when it is missing (and not `create`) or has another type. */
export function rootMap(doc: Y.Doc, name: string, create: boolean): Y.Map<unknown> | null {
	const usable = rootUsableAs(doc, name, Y.Map);
	return usable === false || (usable === undefined && !create) ? null : doc.getMap<unknown>(name);
}

/** The root `Y.Text` `name`; null when it is missing (and not `create`) or has another type. */
export function rootText(doc: Y.Doc, name: string, create: boolean): Y.Text | null {
	const usable = rootUsableAs(doc, name, Y.Text);
	return usable === false || (usable === undefined && !create) ? null : doc.getText(name);
}

function stepsArray(doc: Y.Doc, create: boolean): Y.Array<unknown> | null {
	return rootArray(doc, ACTION_STEPS_ROOT, create);
}

function normalText(value: unknown): string | null {
	const raw = value instanceof Y.Text ? value.toString() : value;
	if (typeof raw !== 'string') return null;
	const text = raw.trim().slice(0, ACTION_STEP_TEXT_MAX).trim();
	return text === '' ? null : text;
}

export interface ReadStepsOptions {
	/**
	 * Keep steps whose shared text is empty for now (someone cleared it to retype): the panel that is
	 * editing them must not lose the step under the person's caret. Records and exports leave them out.
	 */
	withBlankText?: boolean;
}

function readStep(entry: unknown, position: number, options: ReadStepsOptions = {}): ActionStep | null {
	if (!(entry instanceof Y.Map)) return null;
	const id: unknown = entry.get('id');
	const stored: unknown = entry.get('text');
	const blankAllowed = options.withBlankText === true && stored instanceof Y.Text;
	const text = normalText(stored) ?? (blankAllowed ? '' : null);
	if (typeof id !== 'string' || id === '' || text === null) return null;
	const owner: unknown = entry.get('owner');
	const due: unknown = entry.get('due');
	return {
		id,
		text,
		ownerId: typeof owner === 'string' && owner !== '' ? owner : null,
		due: isCalendarDate(due) ? due : null,
		done: entry.get('done') === true,
		position
	};
}

export function readActionSteps(doc: Y.Doc, options: ReadStepsOptions = {}): ActionStep[] {
	const array = stepsArray(doc, false);
	if (!array) return [];
	const steps: ActionStep[] = [];
	const seen = new Set<string>();
	array.forEach((entry, position) => {
		const step = readStep(entry, position, options);
		// A copied id (a replayed or hand-made update) must not make one step appear twice.
		if (!step || seen.has(step.id)) return;
		seen.add(step.id);
		steps.push(step);
	});
	return steps;
}

function checkedText(text: string): string {
	const normal = normalText(text);
	if (normal === null) throw new RangeError('An action step needs some text.');
	return normal;
}

function checkedDue(due: string | null): string | null {
	if (due !== null && !isCalendarDate(due)) throw new RangeError(`Not a date (YYYY-MM-DD): ${due}`);
	return due;
}

/** Appends a step and returns its id. Throws a RangeError for empty text or a malformed due date. */
export function addActionStep(doc: Y.Doc, input: ActionStepInput, id: string = crypto.randomUUID()): string {
	const text = checkedText(input.text);
	const due = checkedDue(input.due);
	const array = stepsArray(doc, true);
	if (!array) throw new Error('This document’s action steps are damaged and cannot take new steps.');
	doc.transact(() => {
		const step = new Y.Map<unknown>();
		step.set('id', id);
		step.set('text', new Y.Text(text));
		step.set('owner', input.ownerId);
		step.set('due', due);
		step.set('done', false);
		array.push([step]);
	});
	return id;
}

/** The map behind the step that `readActionSteps` shows for `id`. */
function findStep(doc: Y.Doc, id: string): Y.Map<unknown> | null {
	const array = stepsArray(doc, false);
	if (!array) return null;
	let found: Y.Map<unknown> | null = null;
	array.forEach((entry, position) => {
		if (!found && readStep(entry, position, { withBlankText: true })?.id === id)
			found = entry as Y.Map<unknown>;
	});
	return found;
}

/** The shared text of step `id`, for a field bound to it; null when the step is gone or still a string. */
export function actionStepText(doc: Y.Doc, id: string): Y.Text | null {
	const text = findStep(doc, id)?.get('text');
	return text instanceof Y.Text ? text : null;
}

/**
 * Changes the given fields of step `id`; false when there is no such step. Only fields whose value
 * differs are written, so saving an edit form does not overwrite a co-editor's concurrent change to
 * a field this person left alone. Throws a RangeError like `addActionStep` for invalid values.
 */
export function updateActionStep(doc: Y.Doc, id: string, patch: ActionStepPatch): boolean {
	const changes: [string, unknown][] = [];
	if (patch.text !== undefined) changes.push(['text', checkedText(patch.text)]);
	if (patch.ownerId !== undefined) changes.push(['owner', patch.ownerId]);
	if (patch.due !== undefined) changes.push(['due', checkedDue(patch.due)]);
	if (patch.done !== undefined) changes.push(['done', patch.done]);
	const step = findStep(doc, id);
	if (!step) return false;
	doc.transact(() => {
		for (const [key, value] of changes) {
			const current = step.get(key);
			if (key === 'text' && current instanceof Y.Text) {
				// Replaced whole (the server, a form): as one edit of the shared text, not a new text.
				if (current.toString() !== value) {
					current.delete(0, current.length);
					current.insert(0, value as string);
				}
			} else if (key === 'text') {
				step.set('text', new Y.Text(value as string));
			} else if (current !== value) step.set(key, value);
		}
	});
	return true;
}

/** Removes every entry carrying `id` (so a duplicate cannot resurface); false when there was none. */
export function removeActionStep(doc: Y.Doc, id: string): boolean {
	return removeEntriesWithId(doc, stepsArray(doc, false), id);
}

/** Removes every Y.Map entry of `array` whose `id` is `id`, in one transaction; false when none was. */
export function removeEntriesWithId(doc: Y.Doc, array: Y.Array<unknown> | null, id: string): boolean {
	if (!array) return false;
	const positions: number[] = [];
	array.forEach((entry, position) => {
		if (entry instanceof Y.Map && entry.get('id') === id) positions.push(position);
	});
	if (positions.length === 0) return false;
	doc.transact(() => {
		for (const position of positions.reverse()) array.delete(position, 1);
	});
	return true;
}

/** Where a step stands on `today` ('YYYY-MM-DD'); "this week" is today and the six days after it. */
export function actionStepStatus(step: ActionStep, today: string): ActionStepStatus {
	if (step.done) return 'done';
	if (step.due === null) return 'no_date';
	if (step.due < today) return 'overdue';
	if (step.due <= addDays(today, 6)) return 'due_this_week';
	return 'later';
}
