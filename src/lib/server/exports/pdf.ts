// PDF from an export's tree (format/export/export-tree.ts), on the server, with pdfmake (over PDFKit): pure
// JavaScript with its fonts in the package, so it works on any server, including one with no browser
// installed (README, "Exports"). The fonts are the only files it may read, and it fetches nothing.
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content } from 'pdfmake';
import type { BodyMark, BodyNode } from '../../domain/document-content.ts';
import { plainText } from '../../format/export/nodes.ts';

const require = createRequire(import.meta.url);
const fontFile = (name: string) => require.resolve(`pdfmake/build/fonts/Roboto/${name}`);
const FONTS = {
	Roboto: {
		normal: fontFile('Roboto-Regular.ttf'),
		bold: fontFile('Roboto-Medium.ttf'),
		italics: fontFile('Roboto-Italic.ttf'),
		bolditalics: fontFile('Roboto-MediumItalic.ttf')
	}
};
const FONT_PATHS = new Set(Object.values(FONTS.Roboto));
pdfmake.setFonts(FONTS);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_PATHS.has(path));

/** Deeper than any editor nests; a crafted document is flattened past it rather than exhausting the stack. */
const MAX_DEPTH = 40;

type Inline = Exclude<Content, string> & { text: string };

function inlineStyle(marks: readonly BodyMark[] = []): Partial<Inline> {
	const style: Record<string, unknown> = {};
	const decoration: string[] = [];
	for (const mark of marks) {
		if (mark.type === 'bold') style.bold = true;
		else if (mark.type === 'italic') style.italics = true;
		else if (mark.type === 'strike') decoration.push('lineThrough');
		else if (mark.type === 'underline') decoration.push('underline');
		else if (mark.type === 'code') style.background = '#eeeeee';
		else if (mark.type === 'link') {
			const href = mark.attrs?.href;
			// Only the links a reader can follow safely become links; the text stays either way.
			if (typeof href === 'string' && /^(https?:|mailto:)/i.test(href)) {
				style.link = href;
				style.color = '#1d4ed8';
				if (!decoration.includes('underline')) decoration.push('underline');
			}
		}
	}
	if (decoration.length > 0) style.decoration = decoration.length === 1 ? decoration[0] : decoration;
	return style as Partial<Inline>;
}

function inlines(nodes: readonly BodyNode[] = []): Inline[] {
	return nodes.flatMap((node): Inline[] => {
		if (node.type === 'text') return [{ text: node.text ?? '', ...inlineStyle(node.marks) }];
		if (node.type === 'hardBreak') return [{ text: '\n' }];
		return [{ text: plainText(node) }];
	});
}

const HEADING_STYLES = ['h1', 'h2', 'h3'] as const;

function listItem(item: BodyNode, depth: number, prefix = ''): Content {
	const blocks = (item.content ?? []).flatMap((child) => block(child, depth + 1));
	if (prefix && blocks.length > 0) {
		const [first, ...rest] = blocks;
		const firstText =
			first && typeof first === 'object' && 'text' in first
				? first
				: { text: plainText(item.content?.[0] ?? item) };
		return { stack: [{ text: [{ text: prefix, bold: true }, firstText] }, ...rest] } as Content;
	}
	return blocks.length === 1 ? (blocks[0] as Content) : { stack: blocks };
}

function tableContent(node: BodyNode, depth: number): Content {
	const rows = (node.content ?? []).filter((row) => row.type === 'tableRow');
	const columns = Math.max(1, ...rows.map((row) => (row.content ?? []).length));
	const body = rows.map((row) => {
		const cells = (row.content ?? []).map((cell) => {
			const blocks = (cell.content ?? []).flatMap((child) => block(child, depth + 1));
			return {
				stack: blocks.length > 0 ? blocks : [{ text: '' }],
				bold: cell.type === 'tableHeader',
				fillColor: cell.type === 'tableHeader' ? '#f1f5f9' : undefined
			};
		});
		while (cells.length < columns) cells.push({ stack: [{ text: '' }], bold: false, fillColor: undefined });
		return cells;
	});
	if (body.length === 0) return { text: '' };
	const headerRows = rows[0]?.content?.every((cell) => cell.type === 'tableHeader') ? 1 : 0;
	// The column with the most words takes the room left; the others are as wide as they need.
	const lengths = Array.from({ length: columns }, (_, index) =>
		rows.reduce((sum, row) => sum + plainText(row.content?.[index] ?? { type: 'text' }).length, 0)
	);
	const widest = lengths.indexOf(Math.max(...lengths));
	const widths = lengths.map((_, index) => (index === widest ? '*' : 'auto'));
	return {
		table: { headerRows, widths, body },
		layout: 'lightHorizontalLines',
		margin: [0, 4, 0, 10],
		fontSize: 9
	} as Content;
}

function block(node: BodyNode, depth: number): Content[] {
	if (depth > MAX_DEPTH) return [{ text: plainText(node) }];
	switch (node.type) {
		case 'doc':
			return (node.content ?? []).flatMap((child) => block(child, depth + 1));
		case 'heading': {
			const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 3);
			// A heading never ends a page on its own: pdfmake moves it to the next page with what follows.
			return [{ text: inlines(node.content), style: HEADING_STYLES[level - 1], headlineLevel: level }];
		}
		case 'paragraph':
			return [{ text: inlines(node.content), margin: [0, 0, 0, 6] }];
		case 'bulletList':
			return [{ ul: (node.content ?? []).map((item) => listItem(item, depth)), margin: [0, 0, 0, 6] }];
		case 'orderedList': {
			const start = Number(node.attrs?.start);
			return [
				{
					ol: (node.content ?? []).map((item) => listItem(item, depth)),
					start: Number.isInteger(start) && start > 0 ? start : 1,
					margin: [0, 0, 0, 6]
				}
			];
		}
		case 'taskList':
			return [
				{
					ul: (node.content ?? []).map((item) =>
						listItem(item, depth, item.attrs?.checked === true ? '[x] ' : '[\u2002\u2002] ')
					),
					type: 'none',
					margin: [0, 0, 0, 6]
				} as Content
			];
		case 'listItem':
		case 'taskItem':
			return [listItem(node, depth)];
		case 'blockquote':
			return [
				{
					stack: (node.content ?? []).flatMap((child) => block(child, depth + 1)),
					margin: [14, 0, 0, 6],
					color: '#334155',
					italics: true
				}
			];
		case 'codeBlock':
			return [
				{
					table: { widths: ['*'], body: [[{ text: plainText(node), preserveLeadingSpaces: true }]] },
					layout: 'noBorders',
					fillColor: '#f1f5f9',
					fontSize: 9,
					margin: [0, 0, 0, 8]
				} as Content
			];
		case 'horizontalRule':
			return [
				{ canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.5 }], margin: [0, 4, 0, 8] }
			];
		case 'table':
			return [tableContent(node, depth)];
		case 'text':
		case 'hardBreak':
			return [{ text: inlines([node]) }];
		default:
			// Something a collaborator wrote that the schema does not know: its text, not nothing.
			return node.content ? (node.content ?? []).flatMap((child) => block(child, depth + 1)) : [];
	}
}

type DocumentDefinition = Parameters<typeof pdfmake.createPdf>[0];

export interface PdfPart {
	tree: BodyNode;
}

export interface PdfOptions {
	/** The PDF's title (its metadata) and the running header's first words. */
	title: string;
	/** The rest of the running header: teacher, cycle, date. */
	header: string;
}

/** One PDF of one or more exports, each starting on a page of its own. */
export async function renderPdf(parts: readonly PdfPart[], options: PdfOptions): Promise<Buffer> {
	const content: Content[] = parts.flatMap((part, index) => {
		const blocks = block(part.tree, 0);
		const [first, ...rest] = blocks;
		if (index === 0 || !first) return blocks;
		return [{ ...(first as object), pageBreak: 'before' } as Content, ...rest];
	});
	const definition: DocumentDefinition = {
		info: { title: options.title, creator: 'Tandem', producer: 'Tandem' },
		pageSize: 'A4',
		pageMargins: [40, 56, 40, 48],
		header: () => ({
			columns: [
				{ text: options.title, bold: true, width: '*' },
				{ text: options.header, alignment: 'right', width: 'auto' }
			],
			margin: [40, 20, 40, 0],
			fontSize: 8,
			color: '#475569'
		}),
		footer: (page: number, pages: number) => ({
			text: `Page ${page} of ${pages}`,
			alignment: 'center',
			fontSize: 8,
			color: '#475569',
			margin: [0, 16, 0, 0]
		}),
		pageBreakBefore: (node, following) =>
			// A heading with nothing after it on its page goes to the next page.
			node.headlineLevel !== undefined && following.getFollowingNodesOnPage().length === 0,
		content,
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25, color: '#0f172a' },
		styles: {
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 8] },
			h2: { fontSize: 14, bold: true, margin: [0, 12, 0, 6] },
			h3: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] }
		}
	};
	return pdfmake.createPdf(definition).getBuffer();
}
