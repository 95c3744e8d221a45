// Markdown from the body's schema, by Tiptap's own serializer (@tiptap/markdown) over the same extensions
// the editor uses. Where its output would read back as something else under CommonMark + GFM, the
// extension is extended here (tests/unit/format/markdown-round-trip.test.ts reads every node back):
// - a paragraph line that starts like a block (`# `, `> `, `- `, `1. `, a fence, a rule) is escaped, so
//   text typed as "1. not a list" stays text;
// - a `|` in a table cell is escaped, so it stays in its cell;
// - a code block is fenced with more backticks than any run inside it;
// - underline has no Markdown: its text is kept, plain.
import type { AnyExtension, JSONContent } from '@tiptap/core';
import CodeBlock from '@tiptap/extension-code-block';
import Paragraph from '@tiptap/extension-paragraph';
import { Table } from '@tiptap/extension-table';
import Underline from '@tiptap/extension-underline';
import { MarkdownManager } from '@tiptap/markdown';
import type { BodyNode } from '../../domain/document-content.ts';
import { bodyExtensions } from '../document-schema.ts';

/** A line CommonMark would read as the start of a block other than a paragraph. */
const BLOCK_START = /^( {0,3})([#>+=-]|\d{1,9}(?=[.)](?:\s|$))|`{3,}|~{3,})/;

function escapeBlockStarts(markdown: string): string {
	return markdown
		.split('\n')
		.map((raw) => {
			// Four spaces would start an indented code block; Markdown keeps no leading spaces in a paragraph.
			const line = raw.replace(/^ {4,}/, '');
			const match = BLOCK_START.exec(line);
			if (!match) return line;
			const [, indent = '', marker = ''] = match;
			const rest = line.slice(indent.length + marker.length);
			// A number is escaped at its dot or parenthesis: "1\. not a list".
			if (/^\d/.test(marker)) return `${indent}${marker}\\${rest}`;
			return `${indent}\\${marker}${rest}`;
		})
		.join('\n');
}

/** Stands for a literal `|` inside a table cell while Tiptap lays out the table (a private-use character). */
const CELL_PIPE = '\uE000';

function withCellPipes(node: JSONContent): JSONContent {
	if (node.type === 'text' && typeof node.text === 'string')
		return { ...node, text: node.text.replaceAll('|', CELL_PIPE) };
	return node.content ? { ...node, content: node.content.map(withCellPipes) } : node;
}

function longestBacktickRun(text: string): number {
	let longest = 0;
	for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
	return longest;
}

// Tiptap's own renderers, called from the extended ones (they use no `this`).
const paragraphMarkdown = Paragraph.config.renderMarkdown;
const tableMarkdown = Table.config.renderMarkdown;

const SafeParagraph = Paragraph.extend({
	renderMarkdown(node, helpers, context) {
		const rendered = paragraphMarkdown?.call(this, node, helpers, context) ?? '';
		return escapeBlockStarts(rendered);
	}
});

const SafeTable = Table.extend({
	renderMarkdown(node, helpers, context) {
		const rendered = tableMarkdown?.call(this, withCellPipes(node), helpers, context) ?? '';
		return rendered.replaceAll(CELL_PIPE, '\\|');
	}
});

const SafeCodeBlock = CodeBlock.extend({
	renderMarkdown(node) {
		const code = (node.content ?? []).map((child) => child.text ?? '').join('');
		const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
		const language = typeof node.attrs?.language === 'string' ? node.attrs.language : '';
		return `${fence}${language}\n${code}\n${fence}`;
	}
});

const PlainUnderline = Underline.extend({
	renderMarkdown(node, helpers) {
		return helpers.renderChildren(node);
	}
});

/** The body's extensions with the ones above in place of Tiptap's own. */
function exportExtensions(): AnyExtension[] {
	return bodyExtensions({
		replace: {
			paragraph: SafeParagraph,
			table: SafeTable.configure({ resizable: false }),
			codeBlock: SafeCodeBlock,
			underline: PlainUnderline
		}
	});
}

let manager: MarkdownManager | null = null;

function markdownManager(): MarkdownManager {
	manager ??= new MarkdownManager({ extensions: exportExtensions() });
	return manager;
}

/** A `doc` node (or any body node) as Markdown, ending in one newline. */
export function toMarkdown(node: BodyNode): string {
	const doc = node.type === 'doc' ? node : { type: 'doc', content: [node] };
	// Characters that stand in for something while serializing never come from the document itself.
	const markdown = markdownManager().serialize(stripPrivateUse(doc) as JSONContent);
	return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function stripPrivateUse(node: BodyNode): BodyNode {
	if (node.type === 'text' && typeof node.text === 'string')
		return { ...node, text: node.text.replaceAll(CELL_PIPE, '') };
	return node.content ? { ...node, content: node.content.map(stripPrivateUse) } : node;
}
