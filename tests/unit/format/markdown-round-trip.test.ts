// Every node and mark the editor's schema can make goes into a document's body the way the editor writes it
// (y-prosemirror, through Tiptap's Y binding), out as Markdown (the export's serializer), and back in through
// a CommonMark + GFM parser (mdast-util-from-markdown with GFM): the structure read back must be the one
// written. Text typed to look like Markdown ("# not a heading", "a | b" in a cell) must stay text.
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { Nodes, Parent, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyJson, type BodyNode } from '../../../src/lib/domain/document-content.ts';
import { bodyExtensions } from '../../../src/lib/format/document-schema.ts';
import { toMarkdown } from '../../../src/lib/format/export/markdown.ts';

const schema = getSchema(bodyExtensions());

type Mark = { type: string; attrs?: Record<string, unknown> };
const t = (text: string, ...marks: Mark[]): BodyNode =>
	marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
const p = (...content: BodyNode[]): BodyNode => ({ type: 'paragraph', content });
const item = (type: 'listItem' | 'taskItem', content: BodyNode[], checked?: boolean): BodyNode =>
	type === 'taskItem' ? { type, attrs: { checked: checked ?? false }, content } : { type, content };
const cell = (type: 'tableHeader' | 'tableCell', ...content: BodyNode[]): BodyNode => ({
	type,
	content: [p(...content)]
});

/** One of everything: each node type and mark of the schema, nested the ways the editor nests them. */
const EVERYTHING: BodyNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [t('Plan one')] },
		{ type: 'heading', attrs: { level: 2 }, content: [t('Plan two')] },
		{ type: 'heading', attrs: { level: 3 }, content: [t('Plan three')] },
		p(
			t('Plain, '),
			t('bold', { type: 'bold' }),
			t(', '),
			t('italic', { type: 'italic' }),
			t(', '),
			t('struck', { type: 'strike' }),
			t(', '),
			t('x = 1 | 2', { type: 'code' }),
			t(', '),
			t('a link', { type: 'link', attrs: { href: 'https://example.org/a?b=c' } }),
			t(' and '),
			t('underlined', { type: 'underline' }),
			{ type: 'hardBreak' },
			t('after a break * with _ stars ~ and [brackets]')
		),
		p(t('# not a heading')),
		p(t('1. not a list')),
		p(t('- not a bullet')),
		p(t('> not a quote <b>not html</b> & so on')),
		p(t('---')),
		{
			type: 'bulletList',
			content: [
				item('listItem', [p(t('first'))]),
				item('listItem', [
					p(t('second')),
					{ type: 'bulletList', content: [item('listItem', [p(t('nested'))])] }
				])
			]
		},
		{
			type: 'orderedList',
			attrs: { start: 3 },
			content: [item('listItem', [p(t('three'))]), item('listItem', [p(t('four'))])]
		},
		{
			type: 'taskList',
			content: [
				item('taskItem', [p(t('done'))], true),
				item(
					'taskItem',
					[p(t('to do')), { type: 'taskList', content: [item('taskItem', [p(t('sub task'))], true)] }],
					false
				)
			]
		},
		{ type: 'blockquote', content: [p(t('quoted words'))] },
		{ type: 'codeBlock', attrs: { language: 'js' }, content: [t('const fence = "```";\n  indented()')] },
		{ type: 'horizontalRule' },
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', t('Look-for')), cell('tableHeader', t('Count'))] },
				{
					type: 'tableRow',
					content: [cell('tableCell', t('Open | closed')), cell('tableCell', t('12', { type: 'bold' }))]
				}
			]
		},
		p(t('The end.'))
	]
};

interface Run {
	text: string;
	marks: string[];
}

type Shape =
	| { block: string; level?: number; runs?: Run[]; children?: Shape[]; checked?: boolean | null }
	| { block: 'list'; ordered: boolean; start?: number; items: Shape[] }
	| { block: 'code'; lang: string; value: string }
	| { block: 'table'; rows: Run[][][] };

function mergeRuns(runs: Run[]): Run[] {
	const merged: Run[] = [];
	for (const run of runs) {
		const last = merged.at(-1);
		if (last && last.marks.join() === run.marks.join()) last.text += run.text;
		else if (run.text) merged.push({ text: run.text, marks: [...run.marks].sort() });
	}
	return merged;
}

// What the Markdown can carry of each mark. Underline has no Markdown: its text is kept, plain.
function markName(mark: Mark): string | null {
	if (mark.type === 'link') return `link:${String(mark.attrs?.href)}`;
	if (mark.type === 'underline') return null;
	return mark.type;
}

function bodyRuns(nodes: readonly BodyNode[] = []): Run[] {
	return mergeRuns(
		nodes.map((node) =>
			node.type === 'hardBreak'
				? { text: '\n', marks: [] }
				: {
						text: node.text ?? '',
						marks: (node.marks ?? []).map(markName).filter((m): m is string => m !== null)
					}
		)
	);
}

function bodyShape(node: BodyNode): Shape {
	const children = (node.content ?? []).map(bodyShape);
	switch (node.type) {
		case 'heading':
			return { block: 'heading', level: Number(node.attrs?.level), runs: bodyRuns(node.content) };
		case 'paragraph':
			return { block: 'paragraph', runs: bodyRuns(node.content) };
		case 'bulletList':
		case 'taskList':
			return { block: 'list', ordered: false, items: children };
		case 'orderedList':
			return { block: 'list', ordered: true, start: Number(node.attrs?.start ?? 1), items: children };
		case 'listItem':
			return { block: 'item', checked: null, children };
		case 'taskItem':
			return { block: 'item', checked: node.attrs?.checked === true, children };
		case 'blockquote':
			return { block: 'quote', children };
		case 'codeBlock':
			return {
				block: 'code',
				lang: String(node.attrs?.language ?? ''),
				value: (node.content ?? []).map((c) => c.text).join('')
			};
		case 'horizontalRule':
			return { block: 'rule' };
		case 'table':
			return {
				block: 'table',
				rows: (node.content ?? []).map((row) =>
					(row.content ?? []).map((c) => bodyRuns(c.content?.[0]?.content))
				)
			};
		default:
			return { block: node.type, children };
	}
}

function mdRuns(nodes: readonly PhrasingContent[], marks: string[] = []): Run[] {
	return mergeRuns(
		nodes.flatMap((node): Run[] => {
			switch (node.type) {
				case 'text':
					return [{ text: node.value, marks }];
				case 'inlineCode':
					return [{ text: node.value, marks: [...marks, 'code'] }];
				case 'break':
					return [{ text: '\n', marks: [] }];
				case 'strong':
					return mdRuns(node.children, [...marks, 'bold']);
				case 'emphasis':
					return mdRuns(node.children, [...marks, 'italic']);
				case 'delete':
					return mdRuns(node.children, [...marks, 'strike']);
				case 'link':
					return mdRuns(node.children, [...marks, `link:${node.url}`]);
				default:
					return [{ text: `<${node.type}>`, marks }];
			}
		})
	);
}

function mdShape(node: Nodes | RootContent): Shape {
	const children = 'children' in node ? (node as Parent).children.map((c) => mdShape(c as RootContent)) : [];
	switch (node.type) {
		case 'heading':
			return { block: 'heading', level: node.depth, runs: mdRuns(node.children) };
		case 'paragraph':
			return { block: 'paragraph', runs: mdRuns(node.children) };
		case 'list':
			return node.ordered
				? { block: 'list', ordered: true, start: node.start ?? 1, items: children }
				: { block: 'list', ordered: false, items: children };
		case 'listItem':
			return { block: 'item', checked: node.checked ?? null, children };
		case 'blockquote':
			return { block: 'quote', children };
		case 'code':
			return { block: 'code', lang: node.lang ?? '', value: node.value };
		case 'thematicBreak':
			return { block: 'rule' };
		case 'table':
			return {
				block: 'table',
				rows: node.children.map((row) => row.children.map((c) => mdRuns(c.children)))
			};
		default:
			return { block: node.type, children };
	}
}

function nodeTypesIn(node: BodyNode, into = new Set<string>()): Set<string> {
	into.add(node.type);
	for (const mark of node.marks ?? []) into.add(mark.type);
	for (const child of node.content ?? []) nodeTypesIn(child, into);
	return into;
}

/** The body as the editor stores it in a Y.Doc, read back by the export's reader. */
function throughYDoc(json: BodyNode): BodyNode {
	const doc = new Y.Doc();
	prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment('body'));
	return bodyJson(doc);
}

describe('Markdown export of the body', () => {
	it('covers every node type and mark of the editor’s schema', () => {
		const used = nodeTypesIn(EVERYTHING);
		const missing = [...Object.keys(schema.nodes), ...Object.keys(schema.marks)].filter((n) => !used.has(n));
		expect(missing).toEqual([]);
		// It is a document the schema accepts, as the editor would have made it.
		expect(() => schema.nodeFromJSON(EVERYTHING).check()).not.toThrow();
	});

	it('reads back under CommonMark + GFM to the structure that was written', () => {
		const body = throughYDoc(EVERYTHING);
		const markdown = toMarkdown(body);
		const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
		expect(tree.children.map(mdShape)).toEqual((EVERYTHING.content ?? []).map(bodyShape));
	});

	it('writes tables with their separator row, headings at their own level, task lists and links', () => {
		const markdown = toMarkdown(throughYDoc(EVERYTHING));
		expect(markdown).toMatch(/^# Plan one$/m);
		expect(markdown).toMatch(/^## Plan two$/m);
		expect(markdown).toMatch(/^### Plan three$/m);
		expect(markdown).toMatch(
			/^\| Look-for +\| Count +\|\n\| -+ \| -+ \|\n\| Open \\\| closed \| \*\*12\*\* +\|$/m
		);
		expect(markdown).toMatch(/^- \[x\] done$/m);
		expect(markdown).toMatch(/^ {2}- \[x\] sub task$/m);
		expect(markdown).toContain('[a link](https://example.org/a?b=c)');
		expect(markdown).toMatch(/^3\. three$/m);
	});
});
