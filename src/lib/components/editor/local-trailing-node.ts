// StarterKit's TrailingNode appends an empty paragraph after a table or list at the end of the document, so
// there is always somewhere to type below it. It also reacts to remote changes, so with collaboration every
// open editor appends its own paragraph at once (duplicates), and a viewer's append is refused by the server
// and waits forever as an unsaved change. This version only follows this person's own edits.
import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export const LocalTrailingNode = Extension.create({
	name: 'localTrailingNode',

	addProseMirrorPlugins() {
		const editor = this.editor;
		return [
			new Plugin({
				key: new PluginKey('localTrailingNode'),
				appendTransaction: (transactions, _oldState, state) => {
					if (!editor.isEditable) return null;
					const local = transactions.some((tr) => tr.docChanged && !isChangeOrigin(tr));
					if (!local) return null;
					const paragraph = state.schema.nodes.paragraph;
					const last = state.doc.lastChild;
					if (!paragraph || !last || last.type === paragraph) return null;
					return state.tr.insert(state.doc.content.size, paragraph.create());
				}
			})
		];
	}
});
