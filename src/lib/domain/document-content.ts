// Everything a document holds, read out of its Y.Doc into plain values: what an export carries whole
// (docs/design.md §6). One reader per part, each tolerant of whatever a collaborator wrote; nothing here
// throws or creates anything in the document. How it reads to people (Markdown, PDF) is src/lib/format/export.
import * as Y from 'yjs';
import { readActionSteps, type ActionStep } from './action-steps.ts';
import { readComments } from './comments.ts';
import { bodyOf } from './document-body.ts';
import { readGoal, type GoalSnapshot } from './goal-document.ts';
import { summarizeTools, type ToolSummary } from './observation/figures.ts';
import type { ObservationNote, ObservationSession } from './observation/model.ts';
import { readObservation } from './observation/read.ts';
import { readProtocol, type Protocol } from './protocol.ts';

/** A ProseMirror node as JSON (Tiptap's `JSONContent`, without depending on the editor here). */
export interface BodyNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: BodyNode[];
	text?: string;
	marks?: BodyMark[];
}

export interface BodyMark {
	type: string;
	attrs?: Record<string, unknown>;
}

/**
 * A comment as exports carry it. The one place exports read comments from the document: anchors (the
 * passage a comment is on) and threads (replies, resolved) join this shape when the document holds them.
 */
export interface ExportedComment {
	id: string;
	authorId: string;
	text: string;
	at: string;
	/** The passage the thread is on (null for a comment on the whole document). */
	quote: string | null;
	/** The passage was deleted since: the thread stays, "on deleted text". */
	onDeletedText: boolean;
	resolved: { by: string; at: string } | null;
	replies: { authorId: string; text: string; at: string }[];
}

export interface ObservationContent {
	session: ObservationSession;
	/** By time, then id: the same order every observer sees. */
	notes: ObservationNote[];
	/** Each tool with its totals and its per-segment (or per-code, per-sweep) figures. */
	tools: ToolSummary[];
}

export interface DocumentContent {
	kind: string;
	body: BodyNode;
	goal: GoalSnapshot | null;
	observation: ObservationContent | null;
	protocol: Protocol | null;
	actionSteps: ActionStep[];
	comments: ExportedComment[];
}

/** A mark's name as y-prosemirror stores it: `link`, or `link--<hash>` when marks of one type overlap. */
function markName(attribute: string): string {
	const cut = attribute.indexOf('--');
	return cut === -1 ? attribute : attribute.slice(0, cut);
}

function textNodes(text: Y.XmlText): BodyNode[] {
	const delta = text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[];
	return delta.flatMap((op) => {
		if (typeof op.insert !== 'string' || op.insert === '') return [];
		const marks = Object.entries(op.attributes ?? {}).map(([name, attrs]): BodyMark => {
			const clean =
				attrs && typeof attrs === 'object' && !Array.isArray(attrs) && Object.keys(attrs).length > 0
					? { ...(attrs as Record<string, unknown>) }
					: undefined;
			return clean ? { type: markName(name), attrs: clean } : { type: markName(name) };
		});
		return [marks.length > 0 ? { type: 'text', text: op.insert, marks } : { type: 'text', text: op.insert }];
	});
}

function elementNode(element: Y.XmlElement, depth: number): BodyNode {
	const attrs = element.getAttributes() as Record<string, unknown>;
	const node: BodyNode = { type: element.nodeName };
	if (Object.keys(attrs).length > 0) node.attrs = { ...attrs };
	const content = depth > MAX_BODY_DEPTH ? [] : childNodes(element, depth + 1);
	if (content.length > 0) node.content = content;
	return node;
}

/** Deeper nesting than any editor makes is cut off, so a crafted document cannot exhaust the stack. */
const MAX_BODY_DEPTH = 64;

function childNodes(parent: Y.XmlFragment | Y.XmlElement, depth: number): BodyNode[] {
	return parent.toArray().flatMap((child) => {
		if (child instanceof Y.XmlText) return textNodes(child);
		if (child instanceof Y.XmlElement) return [elementNode(child, depth)];
		return [];
	});
}

/** The body as ProseMirror JSON: `{ type: 'doc', content }`, empty when there is no body. */
export function bodyJson(doc: Y.Doc): BodyNode {
	const body = bodyOf(doc);
	const content = body ? childNodes(body, 0) : [];
	return content.length > 0 ? { type: 'doc', content } : { type: 'doc' };
}

/** The comments an export carries, oldest first. */
export function commentsForExport(doc: Y.Doc): ExportedComment[] {
	return readComments(doc).map((thread) => ({
		id: thread.id,
		authorId: thread.authorId,
		text: thread.text,
		at: thread.at,
		quote: thread.anchor?.quote ?? null,
		onDeletedText: thread.anchor !== null && thread.place === null,
		resolved: thread.resolved,
		replies: thread.replies.map((reply) => ({ authorId: reply.authorId, text: reply.text, at: reply.at }))
	}));
}

export function readObservationContent(doc: Y.Doc, nowMs: number): ObservationContent {
	const snapshot = readObservation(doc);
	return { session: snapshot.session, notes: snapshot.notes, tools: summarizeTools(snapshot, nowMs) };
}

/**
 * Everything the document holds. `nowMs` stops a timer that is still running (an export taken during the
 * observation counts its running segment up to now, as the page does).
 */
export function readDocumentContent(doc: Y.Doc, kind: string, nowMs: number): DocumentContent {
	return {
		kind,
		body: bodyJson(doc),
		goal: kind === 'goal' ? readGoal(doc) : null,
		observation: kind === 'observation' ? readObservationContent(doc, nowMs) : null,
		protocol: kind === 'protocol' ? readProtocol(doc) : null,
		actionSteps: readActionSteps(doc),
		comments: commentsForExport(doc)
	};
}
