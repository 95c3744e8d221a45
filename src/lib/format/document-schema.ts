// The body's schema: the Tiptap extensions that make the nodes and marks a document's `body` holds
// (docs/design.md §6). The editor adds its collaboration and browser-only extensions to these; the export
// serializes with the same ones, so every node the editor can make has a way out to Markdown and PDF.
import type { AnyExtension } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';

export const HEADING_LEVELS = [1, 2, 3] as const;

export interface BodyExtensionOptions {
	/** How a screen reader names a task's checkbox (the editor's wording; the export needs none). */
	checkboxLabel?: (node: { textContent: string }, checked: boolean) => string;
	/** Extensions of these nodes and marks, in place of the plain ones (the export's serializer extends them). */
	replace?: Partial<Record<'paragraph' | 'codeBlock' | 'underline' | 'table', AnyExtension>>;
}

export function bodyExtensions(options: BodyExtensionOptions = {}): AnyExtension[] {
	const replace = options.replace ?? {};
	return [
		// Collaboration brings Yjs' undo manager: each person undoes only their own changes.
		StarterKit.configure({
			undoRedo: false,
			trailingNode: false,
			...(replace.paragraph ? { paragraph: false } : {}),
			...(replace.codeBlock ? { codeBlock: false } : {}),
			...(replace.underline ? { underline: false } : {}),
			heading: { levels: [...HEADING_LEVELS] },
			link: { openOnClick: false, autolink: true, defaultProtocol: 'https' }
		}),
		TaskList,
		TaskItem.configure({
			nested: true,
			...(options.checkboxLabel ? { a11y: { checkboxLabel: options.checkboxLabel } } : {})
		}),
		replace.table ?? Table.configure({ resizable: false }),
		TableRow,
		TableHeader,
		TableCell,
		...[replace.paragraph, replace.codeBlock, replace.underline].filter((e) => e !== undefined)
	];
}
