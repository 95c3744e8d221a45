// Small builders of body nodes (ProseMirror JSON), so an export's own sections are made of the same nodes
// as the document's body and go through the same Markdown serializer and PDF renderer.
import type { BodyMark, BodyNode } from '../../domain/document-content.ts';

/** Inline text; line breaks become spaces (a table cell or list item is one line). Empty text is no node. */
export function text(value: string, marks?: BodyMark[]): BodyNode[] {
	const clean = value.replace(/\s*[\r\n]+\s*/g, ' ');
	if (clean === '') return [];
	return [marks && marks.length > 0 ? { type: 'text', text: clean, marks } : { type: 'text', text: clean }];
}

export const bold = (value: string) => text(value, [{ type: 'bold' }]);

export function paragraph(...inline: BodyNode[][]): BodyNode {
	const content = inline.flat();
	return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

export function heading(level: 1 | 2 | 3, value: string): BodyNode {
	return { type: 'heading', attrs: { level }, content: text(value) };
}

type Cell = string | BodyNode[];

function cell(type: 'tableHeader' | 'tableCell', value: Cell): BodyNode {
	return { type, content: [paragraph(typeof value === 'string' ? text(value) : value)] };
}

/** A table with a header row (Markdown needs one: it is the row above the separator). */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): BodyNode {
	return {
		type: 'table',
		content: [
			{ type: 'tableRow', content: header.map((h) => cell('tableHeader', h)) },
			...rows.map((row) => ({ type: 'tableRow', content: row.map((c) => cell('tableCell', c)) }))
		]
	};
}

export function bulletList(items: readonly BodyNode[][]): BodyNode {
	return {
		type: 'bulletList',
		content: items.map((inline) => ({ type: 'listItem', content: [paragraph(inline)] }))
	};
}

export function taskList(items: readonly { checked: boolean; inline: BodyNode[] }[]): BodyNode {
	return {
		type: 'taskList',
		content: items.map((item) => ({
			type: 'taskItem',
			attrs: { checked: item.checked },
			content: [paragraph(item.inline)]
		}))
	};
}

/** The text of a node and everything in it, as one string. */
export function plainText(node: BodyNode): string {
	if (node.type === 'text') return node.text ?? '';
	if (node.type === 'hardBreak') return '\n';
	const inner = (node.content ?? []).map(plainText);
	const block = node.content?.some((child) => child.type !== 'text' && child.type !== 'hardBreak');
	return inner.join(block ? '\n' : '');
}
