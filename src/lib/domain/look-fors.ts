// A lesson plan's look-fors: the lines under its "Look-fors for the coach" heading. An observation created
// from the plan starts with one heading per look-for, so the coach's notes land where they belong.
import * as Y from 'yjs';
import { bodyOf } from './document-body.ts';
import { documentTemplates, LOOK_FORS_HEADING } from './templates.ts';

const LOOK_FOR_MAX = 200;
const MAX_LOOK_FORS = 20;
// The template's own guiding line is not a look-for.
const TEMPLATE_PROMPT = documentTemplates.lesson_plan.blocks.find(
	(block, index, blocks) => index > 0 && blocks[index - 1]?.text === LOOK_FORS_HEADING
)?.text;

function textOf(node: Y.XmlElement | Y.XmlText): string {
	if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]+>/g, '');
	return node
		.toArray()
		.map((child) => textOf(child as Y.XmlElement | Y.XmlText))
		.join('');
}

/** Each line of a block: a paragraph is one line; a list gives one line per item. */
function linesOf(block: Y.XmlElement): string[] {
	if (/List$/.test(block.nodeName)) {
		return block.toArray().flatMap((item) => (item instanceof Y.XmlElement ? [textOf(item)] : []));
	}
	return textOf(block).split('\n');
}

export function lookForsFrom(doc: Y.Doc): string[] {
	const body = bodyOf(doc);
	if (!body) return [];
	const found: string[] = [];
	let inside = false;
	for (const node of body.toArray()) {
		if (!(node instanceof Y.XmlElement)) continue;
		if (node.nodeName === 'heading') {
			inside = textOf(node).trim().toLowerCase() === LOOK_FORS_HEADING.toLowerCase();
			continue;
		}
		if (!inside) continue;
		for (const line of linesOf(node)) {
			const lookFor = line.replace(/^\s*[-*•]\s*/, '').trim();
			if (lookFor && lookFor !== TEMPLATE_PROMPT) found.push(lookFor.slice(0, LOOK_FOR_MAX));
		}
	}
	return [...new Set(found)].slice(0, MAX_LOOK_FORS);
}
