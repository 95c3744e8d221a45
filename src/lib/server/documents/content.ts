// Builds Yjs document content on the server (seeds and templates), in the formats of docs/design.md §6.
import * as Y from 'yjs';
// The shape new documents are built in (document-shape.ts says what changed when).
import { SCHEMA_VERSION } from '../../domain/document-shape.ts';

export { SCHEMA_VERSION };

export interface Block {
	type: 'heading' | 'paragraph';
	text: string;
	level?: number;
}

/** A fresh document state with `meta` and a rich-text `body` of headings and paragraphs. */
export function buildDocumentState(
	kind: string,
	blocks: Block[] = [],
	/** Fills the structured parts (a goal's figures, action steps) in the same first transaction. */
	fill?: (doc: Y.Doc) => void
): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('kind', kind);
		meta.set('schemaVersion', SCHEMA_VERSION);
		const body = doc.getXmlFragment('body');
		body.insert(
			0,
			blocks.map((block) => {
				const element = new Y.XmlElement(block.type);
				// Tiptap reads the heading level as a number; a string renders every heading as h1.
				if (block.type === 'heading') element.setAttribute('level', (block.level ?? 2) as never);
				element.insert(0, [new Y.XmlText(block.text)]);
				return element;
			})
		);
		fill?.(doc);
	});
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

/** The plain text of a document's body, one line per block, for diffs, search and exports. */
export function bodyText(doc: Y.Doc): string {
	const lines: string[] = [];
	const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
		if (node instanceof Y.XmlText) {
			lines[lines.length - 1] = (lines.at(-1) ?? '') + node.toString().replace(/<[^>]+>/g, '');
			return;
		}
		if (node instanceof Y.XmlElement && isBlock(node.nodeName)) lines.push('');
		for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
	};
	walk(doc.getXmlFragment('body'));
	return lines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

function isBlock(name: string): boolean {
	return [
		'paragraph',
		'heading',
		'listItem',
		'taskItem',
		'blockquote',
		'tableCell',
		'tableHeader',
		'codeBlock'
	].includes(name);
}
