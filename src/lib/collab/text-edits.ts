// The arithmetic behind binding a plain <input>/<textarea> to a `Y.Text`: what one input event changed,
// as the smallest insert/delete at the caret, and where a caret goes when someone else's change arrives.
// Pure functions, so the edge cases (repeated letters, a paste over a selection, a remote insert right at
// the caret) are unit-tested without a browser.

export interface TextEdit {
	/** Where the change starts, in UTF-16 code units (what `selectionStart` and `Y.Text` count). */
	index: number;
	/** How many characters of the old text it removes from `index`. */
	remove: number;
	insert: string;
}

/**
 * The single edit that turns `before` into `after`, with the caret at `caret` afterwards (the field's
 * `selectionEnd` after the input). The caret settles the ambiguity of repeated letters: typing "a" into
 * "a|a" is an insert at 1, not at 2, so a co-writer's caret at 2 stays where it was meant to be.
 * Null when nothing changed.
 */
export function diffEdit(before: string, after: string, caret: number = after.length): TextEdit | null {
	if (before === after) return null;
	const at = Math.max(0, Math.min(caret, after.length));
	// The edit ends at the caret, so at most the text after the caret is an unchanged tail.
	const maxSuffix = Math.min(before.length, after.length - at);
	let suffix = 0;
	while (
		suffix < maxSuffix &&
		before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
	)
		suffix++;
	const maxPrefix = Math.min(before.length, after.length) - suffix;
	let prefix = 0;
	while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
	// Never split a surrogate pair: an emoji is inserted or removed whole.
	if (prefix > 0 && isHighSurrogate(after.charCodeAt(prefix - 1))) prefix--;
	return {
		index: prefix,
		remove: before.length - prefix - suffix,
		insert: after.slice(prefix, after.length - suffix)
	};
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

/** A `Y.Text` change as Yjs reports it (`YTextEvent.delta`), plain text only. */
export type TextDelta = readonly { retain?: number; insert?: unknown; delete?: number }[];

/**
 * Where position `position` of the old text is in the new text after `delta`. Text inserted exactly at
 * the position goes after it: a caret at the end of a word stays at the end of its own word while a
 * co-writer types at the same place, so each person's next letters follow their own and words stay whole.
 */
export function transformPosition(position: number, delta: TextDelta): number {
	let oldIndex = 0;
	let moved = position;
	for (const op of delta) {
		if (oldIndex > position) break;
		if (op.retain !== undefined) {
			oldIndex += op.retain;
		} else if (op.insert !== undefined) {
			const length = typeof op.insert === 'string' ? op.insert.length : 1;
			if (oldIndex < position) moved += length;
		} else if (op.delete !== undefined) {
			const end = oldIndex + op.delete;
			moved -= Math.max(0, Math.min(end, position) - oldIndex);
			oldIndex = end;
		}
	}
	return moved;
}
