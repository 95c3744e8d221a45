// Where a comment sits in the text (docs/design.md §6, "Comments"). An anchor is a pair of Yjs relative
// positions in the body: they name the characters at the passage's two ends, not numbers, so the anchor
// follows every edit before, inside and after it, whoever makes it and in whatever order the edits merge.
//
// Positions travel as offsets into the body's *plain text*: every run of characters in the body, in
// document order, joined by one "\n". The server turns a quote and an offset into an anchor (a reader who
// may comment has no writable copy of the document, and an API client has no Yjs); the editor maps the same
// offsets to ProseMirror positions with the same rule (body-text-ranges.ts), so both sides count alike.
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { bodyOf } from './document-body.ts';

/** The separator between two runs of text (paragraphs, list items, cells, either side of a line break). */
export const RUN_SEPARATOR = '\n';
/** Longest passage a comment may quote: enough for a paragraph, short enough to find quickly. */
export const ANCHOR_QUOTE_MAX = 1000;

/** A run of text in the body: one `Y.XmlText`, where it starts in the plain text, and what it holds. */
interface TextRun {
	type: Y.XmlText;
	start: number;
	text: string;
}

/** The stored anchor: two encoded relative positions and the words as they were quoted. */
export interface CommentAnchor {
	/** base64 of `Y.encodeRelativePosition`, attached to the passage's first character. */
	start: string;
	/** base64 of `Y.encodeRelativePosition`, attached to the passage's last character. */
	end: string;
	/** The passage when the comment was made (shown once the passage is gone). */
	quote: string;
}

/** Where an anchor stands now: plain-text offsets and the words between them. */
export interface AnchorPlace {
	from: number;
	to: number;
	text: string;
}

function runText(type: Y.XmlText): string {
	let text = '';
	for (const op of type.toDelta() as { insert?: unknown }[]) {
		// An embed counts as one position in Yjs; the object-replacement character keeps the count.
		text += typeof op.insert === 'string' ? op.insert : '\ufffc';
	}
	return text;
}

/** The body's runs of text in document order. Empty runs are left out, as ProseMirror has no node for them. */
function textRuns(doc: Y.Doc): TextRun[] {
	const body = bodyOf(doc);
	const runs: TextRun[] = [];
	if (!body) return runs;
	let offset = 0;
	const visit = (node: Y.XmlElement | Y.XmlFragment) => {
		for (const child of node.toArray()) {
			if (child instanceof Y.XmlText) {
				const text = runText(child);
				if (text === '') continue;
				if (runs.length > 0) offset += RUN_SEPARATOR.length;
				runs.push({ type: child, start: offset, text });
				offset += text.length;
			} else if (child instanceof Y.XmlElement) {
				visit(child);
			}
		}
	};
	visit(body);
	return runs;
}

/** The body as plain text, runs joined by RUN_SEPARATOR: what offsets count in. */
export function bodyPlainText(doc: Y.Doc): string {
	return textRuns(doc)
		.map((run) => run.text)
		.join(RUN_SEPARATOR);
}

/**
 * The anchor for the passage [from, to) of the body's plain text, or null when that is not a passage of
 * text (empty, out of bounds, or only separators).
 */
export function anchorForRange(doc: Y.Doc, from: number, to: number): CommentAnchor | null {
	if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from) return null;
	const runs = textRuns(doc);
	// The first character of the passage lies in the run that holds offset `from` before its end; the last
	// in the run that holds `to` after its start.
	const first = runs.find((run) => from >= run.start && from < run.start + run.text.length);
	const last = [...runs].reverse().find((run) => to > run.start && to <= run.start + run.text.length);
	if (!first || !last || last.start < first.start) return null;
	const plain = runs.map((run) => run.text).join(RUN_SEPARATOR);
	// Attached to the first character (inserts just before it stay outside) and, with assoc -1, to the last
	// one (inserts just after it stay outside too).
	const start = Y.createRelativePositionFromTypeIndex(first.type, from - first.start, 0);
	const end = Y.createRelativePositionFromTypeIndex(last.type, to - last.start, -1);
	return {
		start: toBase64(Y.encodeRelativePosition(start)),
		end: toBase64(Y.encodeRelativePosition(end)),
		quote: plain.slice(from, to)
	};
}

/**
 * Finds the quoted words and anchors them: the occurrence nearest `near` (the offset the person saw), so
 * text typed meanwhile elsewhere, or the same words twice, still finds the passage meant. Null when the
 * words are no longer in the text.
 */
export function anchorForQuote(doc: Y.Doc, quote: string, near: number): CommentAnchor | null {
	if (quote === '' || quote.length > ANCHOR_QUOTE_MAX) return null;
	const plain = bodyPlainText(doc);
	let best = -1;
	for (let at = plain.indexOf(quote); at !== -1; at = plain.indexOf(quote, at + 1)) {
		if (best === -1 || Math.abs(at - near) < Math.abs(best - near)) best = at;
	}
	return best === -1 ? null : anchorForRange(doc, best, best + quote.length);
}

function decode(encoded: string): Y.RelativePosition | null {
	try {
		return Y.decodeRelativePosition(fromBase64(encoded));
	} catch {
		return null;
	}
}

function offsetOf(doc: Y.Doc, runs: TextRun[], encoded: string): number | null {
	const relative = decode(encoded);
	if (!relative) return null;
	let absolute: Y.AbsolutePosition | null;
	try {
		absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
	} catch {
		// A position a client made up that names no valid item.
		return null;
	}
	if (!absolute) return null;
	// A run that is no longer in the body (its paragraph was deleted, or it is empty now) has no offset.
	const run = runs.find((r) => r.type === absolute.type);
	return run ? run.start + Math.min(absolute.index, run.text.length) : null;
}

/**
 * Where the anchor stands in the text now, or null when its passage is gone: deleted (its two ends have
 * met), its paragraph removed, or written in a form no reader accepts. Never throws.
 */
export function placeAnchor(doc: Y.Doc, anchor: Pick<CommentAnchor, 'start' | 'end'>): AnchorPlace | null {
	const runs = textRuns(doc);
	const from = offsetOf(doc, runs, anchor.start);
	const to = offsetOf(doc, runs, anchor.end);
	if (from === null || to === null || to <= from) return null;
	const text = runs
		.map((run) => run.text)
		.join(RUN_SEPARATOR)
		.slice(from, to);
	return { from, to, text };
}

/** Whether a string is an encoded relative position (what a stored anchor must hold). */
export function isEncodedPosition(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= 200 && decode(value) !== null;
}
