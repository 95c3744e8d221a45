// What search reads of a document (docs/design.md §6, issue 16 §2): every word a person wrote in it, as
// plain text — the body, the goal's fields and measurement notes, observation notes, tags and tool labels,
// protocol phases, action steps and comments. Derived on the server at each store, like the action steps,
// from the tolerant readers of each part, so it never throws on what a collaborator wrote.
import * as Y from 'yjs';
import { readActionSteps } from './action-steps.ts';
import { readComments } from './comments.ts';
import { bodyOf } from './document-body.ts';
import { readGoal } from './goal-document.ts';
import { readNotes, readTools } from './observation/read.ts';
import { readProtocol } from './protocol.ts';
import { cleanText } from './validation/text.ts';

/**
 * At most this many characters of a document are searchable: Postgres refuses a tsvector over 1 MB, and a
 * document past its size cap (8 MiB of Yjs state) is not what anyone searches by its hundred-thousandth word.
 */
export const SEARCH_TEXT_MAX = 200_000;

/** The text of every block of the body, one block a line. */
function bodyText(doc: Y.Doc): string[] {
	const body = bodyOf(doc);
	if (!body) return [];
	const lines: string[] = [];
	let line = '';
	const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
		if (node instanceof Y.XmlText) {
			for (const op of node.toDelta() as { insert?: unknown }[])
				if (typeof op.insert === 'string') line += op.insert;
			return;
		}
		if (!(node instanceof Y.XmlElement)) return;
		const children = node.toArray();
		const isTextBlock = children.some((child) => child instanceof Y.XmlText);
		for (const child of children) visit(child);
		// A block of text ends a line; containers (lists, tables, quotes) only hold blocks.
		if (isTextBlock || children.length === 0) {
			if (line.trim()) lines.push(line.trim());
			line = '';
		}
	};
	for (const node of body.toArray()) visit(node);
	if (line.trim()) lines.push(line.trim());
	return lines;
}

function goalText(doc: Y.Doc): string[] {
	const { fields, measurements } = readGoal(doc);
	return [
		fields.statement,
		fields.metric,
		fields.baselineText,
		fields.targetText,
		...measurements.map((m) => m.note)
	];
}

function observationText(doc: Y.Doc): string[] {
	const notes = readNotes(doc).flatMap((note) => [note.text, ...note.tags]);
	const tools = readTools(doc).flatMap((tool) => [tool.label, ...tool.codes.map((code) => code.label)]);
	return [...notes, ...tools];
}

/** Everything searchable in the document, one piece a line, bounded by SEARCH_TEXT_MAX. */
export function searchableText(doc: Y.Doc): string {
	const pieces = [
		...bodyText(doc),
		...goalText(doc),
		...observationText(doc),
		...readProtocol(doc).phases.map((phase) => phase.name),
		...readActionSteps(doc).map((step) => step.text),
		...readComments(doc).flatMap((thread) => [thread.text, ...thread.replies.map((reply) => reply.text)])
	];
	return (
		pieces
			// Cleaned as typed text is: no control characters, so none can forge the snippet's highlight marks
			// (src/lib/server/search/snippet.ts), and one piece stays one line.
			.map((piece) => cleanText(piece))
			.filter((piece) => piece !== '')
			.join('\n')
			.slice(0, SEARCH_TEXT_MAX)
	);
}
