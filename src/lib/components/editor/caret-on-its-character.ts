// Keeps each person's caret on the character it followed when someone else's change arrives, so two
// people typing at the same place each keep their own words whole (issue 16 §1).
//
// Why: y-tiptap (3.0.9) rebuilds the editor's content on every remote change and puts the caret back from
// a Yjs relative position, which names the character the caret follows and is exact while that character
// exists. It then second-guesses that answer with a guess by content (`recoverSelectionEndpoint`, meant for
// a block another person dragged elsewhere): whenever the caret's paragraph reads differently than before
// (it always does while a co-writer types in it) or the caret sits at the start of a paragraph, it picks a
// paragraph with the same or a prefix text, at the same offset. Two people appending to one paragraph then
// have the caret put in front of the other's character just typed, so words glue together and a leading
// space moves; two people who press Enter at the end of one paragraph each land in the first empty
// paragraph, which may be the other's, and their next letters go there.
// (tests/unit/collaboration/concurrent-typing.test.ts reproduces both.)
//
// This plugin follows y-tiptap's transaction with the position Yjs gives for each end of the selection,
// taken before the change, as long as the character or node that position names still exists. When it was
// deleted (a block moved as a delete and an insert), Yjs knows only where it was, and y-tiptap's guess is
// kept.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

interface SyncChange {
	isChangeOrigin?: boolean;
	isUndoRedoOperation?: boolean;
}

/** What y-tiptap's sync plugin keeps in its state that this plugin reads. */
interface SyncBinding {
	doc: Y.Doc;
	type: Y.XmlFragment;
	mapping: Map<Y.AbstractType<unknown>, unknown>;
	/** The selection as relative positions, captured before the Yjs transaction being applied. */
	beforeTransactionSelection: {
		type: string;
		anchor: Y.RelativePosition | null;
		head: Y.RelativePosition | null;
	} | null;
}

/** Whether what `position` names (a character, or the end of a node) is still in the document. */
function stillExists(doc: Y.Doc, position: Y.RelativePosition): boolean {
	const named = position.item ?? position.type;
	if (named === null) return position.tname !== null; // the end of a root type, which cannot be deleted
	try {
		return !Y.getItem(doc.store, named).deleted;
	} catch {
		return false; // not in this document's store
	}
}

/** The position Yjs gives for `position` in the current content, or null when it cannot be exact. */
function exactPosition(binding: SyncBinding, position: Y.RelativePosition | null): number | null {
	if (position === null || !stillExists(binding.doc, position)) return null;
	return relativePositionToAbsolutePosition(binding.doc, binding.type, position, binding.mapping as never);
}

/** The selection the remote change should leave, when it differs from the one y-tiptap chose. */
export function exactSelectionAfterRemoteChange(
	transactions: readonly Transaction[],
	state: EditorState
): Transaction | null {
	const remote = transactions.find(
		(tr) => (tr.getMeta(ySyncPluginKey) as SyncChange | undefined)?.isChangeOrigin
	);
	const change = remote?.getMeta(ySyncPluginKey) as SyncChange | undefined;
	// An undo puts back the selection it recorded; that is the undo manager's to decide.
	if (!remote || !remote.docChanged || change?.isUndoRedoOperation) return null;
	const binding = (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding;
	const before = binding?.beforeTransactionSelection;
	if (!binding || !before || before.type !== 'text') return null;
	const anchor = exactPosition(binding, before.anchor);
	const head = exactPosition(binding, before.head);
	const size = state.doc.content.size;
	if (anchor === null || head === null || anchor > size || head > size) return null;
	if (state.selection.anchor === anchor && state.selection.head === head) return null;
	const selection = TextSelection.between(state.doc.resolve(anchor), state.doc.resolve(head));
	if (selection.eq(state.selection)) return null;
	return state.tr
		.setSelection(selection)
		.setMeta('addToHistory', false)
		.setMeta(ySyncPluginKey, { isChangeOrigin: true });
}

export const CaretOnItsCharacter = Extension.create({
	name: 'caretOnItsCharacter',

	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('caretOnItsCharacter'),
				appendTransaction: (transactions, _oldState, state) =>
					exactSelectionAfterRemoteChange(transactions, state)
			})
		];
	}
});
