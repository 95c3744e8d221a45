// Ways out of the text area by keyboard alone (WCAG 2.1.2, no keyboard trap). Tab moves between table cells
// and indents list items, so it cannot always leave the editor: Escape always does, and the hint under the
// editor says so. In a table, Tab at the last cell (Shift+Tab at the first) leaves the table and the editor
// as it would leave any other field, instead of Tiptap's default of adding a row that everyone sees; rows
// are added from the toolbar's Table menu.
import { Extension } from '@tiptap/core';
import { Table } from '@tiptap/extension-table';

export const TableWithoutTabTrap = Table.extend({
	addKeyboardShortcuts() {
		return {
			...this.parent?.(),
			// Returning false leaves the key to the browser, which moves the focus on.
			Tab: () => this.editor.isActive('table') && this.editor.commands.goToNextCell(),
			'Shift-Tab': () => this.editor.isActive('table') && this.editor.commands.goToPreviousCell()
		};
	}
});

export interface EscapeOptions {
	/** Where the focus goes: the editor's frame, from which Tab continues to what follows. */
	leave: () => void;
}

export const EscapeLeavesEditor = Extension.create<EscapeOptions>({
	name: 'escapeLeavesEditor',
	addOptions() {
		return { leave: () => {} };
	},
	addKeyboardShortcuts() {
		return {
			Escape: () => {
				this.options.leave();
				return true;
			}
		};
	}
});
