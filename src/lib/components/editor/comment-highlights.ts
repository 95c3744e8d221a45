// The passages open comment threads are on, highlighted in the text for everyone, live; and the person's
// selection as plain-text offsets, which is how a new comment's anchor travels to the server
// (src/lib/domain/comment-anchors.ts). ProseMirror counts positions differently from that plain text, so
// this maps between them with the same rule: runs of text nodes in document order, one "\n" between runs.
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type * as Y from 'yjs';
import { RUN_SEPARATOR } from '$lib/domain/comment-anchors';
import { COMMENTS_ROOT, readComments } from '$lib/domain/comments';

interface PmRun {
	/** ProseMirror position of the run's first character. */
	pos: number;
	/** Plain-text offset of the run's first character. */
	start: number;
	text: string;
}

/** Runs of consecutive text nodes, as Yjs keeps them in one XmlText each (a hard break or an image splits a run). */
function runsOf(doc: ProseMirrorNode): PmRun[] {
	const runs: PmRun[] = [];
	let offset = 0;
	doc.descendants((node, pos) => {
		if (!node.inlineContent) return true;
		let current: PmRun | null = null;
		node.forEach((child, childOffset) => {
			if (child.isText && child.text) {
				if (!current) {
					if (runs.length > 0) offset += RUN_SEPARATOR.length;
					current = { pos: pos + 1 + childOffset, start: offset, text: '' };
					runs.push(current);
				}
				current.text += child.text;
				offset += child.text.length;
			} else {
				current = null;
			}
		});
		return false;
	});
	return runs;
}

function positionOf(runs: PmRun[], offset: number, edge: 'start' | 'end'): number | null {
	const run = runs.find((r) =>
		edge === 'start'
			? offset >= r.start && offset < r.start + r.text.length
			: offset > r.start && offset <= r.start + r.text.length
	);
	return run ? run.pos + (offset - run.start) : null;
}

function offsetOf(runs: PmRun[], pos: number): number | null {
	for (const run of runs)
		if (pos >= run.pos && pos <= run.pos + run.text.length) return run.start + pos - run.pos;
	return null;
}

/** A selected passage, in the plain-text terms the comments API takes. */
export interface SelectedPassage {
	quote: string;
	offset: number;
}

/** The passage between two ProseMirror positions, or null when no text is selected. */
export function passageBetween(doc: ProseMirrorNode, from: number, to: number): SelectedPassage | null {
	if (to <= from) return null;
	const runs = runsOf(doc);
	// Ends that fall between runs (a selection from a paragraph's edge) snap inwards to the nearest text.
	const start = offsetOf(runs, from) ?? runs.find((r) => r.pos >= from && r.pos < to)?.start ?? null;
	const endRun = [...runs].reverse().find((r) => r.pos + r.text.length <= to && r.pos + r.text.length > from);
	const end = offsetOf(runs, to) ?? (endRun ? endRun.start + endRun.text.length : null);
	if (start === null || end === null || end <= start) return null;
	const quote = runs
		.map((r) => r.text)
		.join(RUN_SEPARATOR)
		.slice(start, end);
	return quote.trim() === '' ? null : { quote, offset: start };
}

const highlightsKey = new PluginKey<DecorationSet>('commentHighlights');

function decorationsFor(ydoc: Y.Doc, doc: ProseMirrorNode, activeId: string | null): DecorationSet {
	const runs = runsOf(doc);
	const decorations: Decoration[] = [];
	for (const thread of readComments(ydoc)) {
		if (!thread.place || thread.resolved) continue;
		const from = positionOf(runs, thread.place.from, 'start');
		const to = positionOf(runs, thread.place.to, 'end');
		if (from === null || to === null || to <= from) continue;
		decorations.push(
			Decoration.inline(from, to, {
				class: thread.id === activeId ? 'comment-highlight comment-highlight--active' : 'comment-highlight',
				'data-comment-thread': thread.id
			})
		);
	}
	return DecorationSet.create(doc, decorations);
}

/**
 * Whether a Yjs transaction changed the comments. Asked of `changed`, not `changedParentTypes`: the first
 * comment to arrive may land in a root nobody has typed as an array yet, and such a root reports no events.
 */
function touches(ydoc: Y.Doc, transaction: Y.Transaction, root: string): boolean {
	const comments: unknown = ydoc.share.get(root);
	if (!comments) return false;
	for (const changed of transaction.changed.keys()) {
		let type: unknown = changed;
		while (type && type !== comments) type = (type as { _item: Y.Item | null })._item?.parent ?? null;
		if (type === comments) return true;
	}
	return false;
}

export interface CommentHighlightOptions {
	doc: Y.Doc | null;
	/** The thread the person is looking at, drawn stronger. */
	activeThread: () => string | null;
	onselect: (passage: SelectedPassage | null) => void;
	onthreadclick: (threadId: string) => void;
}

/** Re-draws the highlights (a comment arrived, or the active thread changed: neither is a text change). */
export function refreshHighlights(view: EditorView): void {
	view.dispatch(view.state.tr.setMeta(highlightsKey, true));
}

export const CommentHighlights = Extension.create<CommentHighlightOptions>({
	name: 'commentHighlights',

	addOptions() {
		return { doc: null, activeThread: () => null, onselect: () => {}, onthreadclick: () => {} };
	},

	addProseMirrorPlugins() {
		const { doc: ydoc, activeThread, onselect, onthreadclick } = this.options;
		if (!ydoc) return [];
		return [
			new Plugin<DecorationSet>({
				key: highlightsKey,
				state: {
					init: (_config, state) => decorationsFor(ydoc, state.doc, activeThread()),
					// A remote change is in Yjs already, so the highlights are read afresh. This person's own typing
					// reaches Yjs only after this (the sync plugin writes it in its view update), so the highlights
					// move with it here and are read afresh once Yjs has it (onTransaction below).
					apply: (tr, old, _oldState, state) => {
						if (tr.getMeta(highlightsKey) || (tr.docChanged && isChangeOrigin(tr)))
							return decorationsFor(ydoc, state.doc, activeThread());
						return tr.docChanged ? old.map(tr.mapping, tr.doc) : old;
					}
				},
				props: {
					decorations: (state) => highlightsKey.getState(state),
					handleClick: (view, _pos, event) => {
						const target =
							event.target instanceof Element ? event.target.closest('[data-comment-thread]') : null;
						const id = target?.getAttribute('data-comment-thread');
						if (id) onthreadclick(id);
						return false;
					}
				},
				view: (view) => {
					// The browser's selection, not ProseMirror's: a reader's editor is not editable, and the
					// selection there is only the browser's.
					const onSelectionChange = () => {
						const selection = view.dom.ownerDocument.getSelection();
						if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return onselect(null);
						const range = selection.getRangeAt(0);
						if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return;
						try {
							const from = view.posAtDOM(range.startContainer, range.startOffset);
							const to = view.posAtDOM(range.endContainer, range.endOffset);
							onselect(passageBetween(view.state.doc, Math.min(from, to), Math.max(from, to)));
						} catch {
							onselect(null);
						}
					};
					// A change to the comments (not the text), or this person's typing once it is in Yjs, re-draws:
					// after the Yjs transaction and outside the ProseMirror update that caused it, since
					// dispatching inside one would nest transactions.
					let destroyed = false;
					const onTransaction = (transaction: Y.Transaction) => {
						const ownTyping = transaction.local && touches(ydoc, transaction, 'body');
						if (!ownTyping && !touches(ydoc, transaction, COMMENTS_ROOT)) return;
						queueMicrotask(() => {
							if (!destroyed) refreshHighlights(view);
						});
					};
					view.dom.ownerDocument.addEventListener('selectionchange', onSelectionChange);
					ydoc.on('afterTransaction', onTransaction);
					return {
						destroy: () => {
							destroyed = true;
							view.dom.ownerDocument.removeEventListener('selectionchange', onSelectionChange);
							ydoc.off('afterTransaction', onTransaction);
						}
					};
				}
			})
		];
	}
});
