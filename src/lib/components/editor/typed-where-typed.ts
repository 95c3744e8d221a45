// Writes a person's typing into the shared text at the caret, where they typed it (issue 16 §1).
//
// Why: y-tiptap (3.0.9) writes a local change into Yjs by comparing the paragraph's old and new text
// (`updateYText` with lib0's `simpleDiff`), which cannot tell repeated characters apart and always puts
// the new one last. Typing a space right before a co-writer's space (two people at the end of one
// paragraph) is then written after their space: Yjs sees the space follow the other person's, their
// next letters and this person's meet in the wrong order, and a leading space moves.
// (tests/unit/collaboration/concurrent-typing.test.ts reproduces it.)
//
// This plugin's view runs just before y-tiptap's: when a local change edited the text of one paragraph
// of plain text runs, it writes the smallest edit that ends at the caret (text-edits.ts, the arithmetic
// the co-written form fields use) into that paragraph's Y.XmlText, inside y-tiptap's own lock and with
// its transaction origin (so the undo manager counts it as this person's). y-tiptap then finds the
// texts equal and only sets the formatting. Anything else (a new paragraph, a paste across blocks, a
// hard break) is left to y-tiptap as before.
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { diffEdit } from '../../collab/text-edits.ts';

/** What y-tiptap's sync plugin keeps in its state that this plugin uses. */
interface SyncState {
	doc: Y.Doc;
	snapshot: unknown;
	prevSnapshot: unknown;
	isChangeOrigin: boolean;
	addToHistory: boolean;
	binding?: {
		type: Y.XmlFragment;
		mapping: Map<Y.AbstractType<unknown>, unknown>;
		mux: (write: () => void) => void;
	};
}

/** The one textblock of plain text that differs between the two documents, or null. */
function editedTextblock(
	before: ProseMirrorNode,
	after: ProseMirrorNode,
	caret: number
): { start: number; oldBlock: ProseMirrorNode; newBlock: ProseMirrorNode } | null {
	if (before.childCount !== after.childCount) return null;
	const $caret = after.resolve(caret);
	if (!$caret.parent.isTextblock || $caret.depth === 0) return null;
	const start = $caret.before();
	const newBlock = $caret.parent;
	const oldBlock = before.nodeAt(start);
	if (!oldBlock || oldBlock.type !== newBlock.type || !oldBlock.sameMarkup(newBlock)) return null;
	const plainText = (block: ProseMirrorNode) => {
		let plain = true;
		block.forEach((child) => (plain &&= child.isText));
		return plain;
	};
	if (!plainText(oldBlock) || !plainText(newBlock)) return null;
	// Everything outside this block is unchanged: the change is this block's text alone.
	const outsideBefore = before.content.size - oldBlock.nodeSize;
	const outsideAfter = after.content.size - newBlock.nodeSize;
	if (outsideBefore !== outsideAfter) return null;
	if (!before.slice(0, start).eq(after.slice(0, start))) return null;
	if (!before.slice(start + oldBlock.nodeSize).eq(after.slice(start + newBlock.nodeSize))) return null;
	return { start, oldBlock, newBlock };
}

/** Writes the edit into Yjs ahead of y-tiptap; false when it is left to y-tiptap. */
export function writeTypingAtCaret(previous: EditorState, state: EditorState): boolean {
	if (previous.doc.eq(state.doc)) return false;
	const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
	const binding = sync?.binding;
	if (!sync || !binding || sync.isChangeOrigin || sync.snapshot != null || sync.prevSnapshot != null)
		return false;
	const caret = state.selection.head;
	if (!state.selection.empty) return false;
	const block = editedTextblock(previous.doc, state.doc, caret);
	if (!block || block.oldBlock.content.size === 0) return false;

	// The paragraph's Y.XmlText, found from its first character in the document Yjs last matched.
	const relative = absolutePositionToRelativePosition(
		block.start + 1,
		binding.type,
		binding.mapping as never
	);
	const absolute = Y.createAbsolutePositionFromRelativePosition(relative, sync.doc);
	const text = absolute?.type;
	if (!(text instanceof Y.XmlText) || absolute?.index !== 0) return false;
	const oldText = block.oldBlock.textContent;
	if (text.toString() !== oldText) return false; // Yjs and the editor disagree: y-tiptap reconciles

	const edit = diffEdit(oldText, block.newBlock.textContent, caret - block.start - 1);
	if (!edit) return false;
	binding.mux(() => {
		sync.doc.transact((transaction) => {
			transaction.meta.set('addToHistory', sync.addToHistory);
			if (edit.remove > 0) text.delete(edit.index, edit.remove);
			if (edit.insert !== '') text.insert(edit.index, edit.insert);
		}, ySyncPluginKey);
	});
	return true;
}

export const TypedWhereTyped = Extension.create({
	name: 'typedWhereTyped',
	// Before Collaboration (1000), so this plugin's view updates before y-tiptap's.
	priority: 1100,

	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('typedWhereTyped'),
				view: () => ({
					update: (view, previous) => {
						writeTypingAtCaret(previous, view.state);
					}
				})
			})
		];
	}
});
