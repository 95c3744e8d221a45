// Look-fors travel from a lesson plan into the observation created from it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { lookForsFrom } from '../../../src/lib/domain/look-fors.ts';
import { documentTemplates, LOOK_FORS_HEADING } from '../../../src/lib/domain/templates.ts';
import { buildDocumentState } from '../../../src/lib/server/documents/content.ts';

function planWith(extra: (body: Y.XmlFragment) => void): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, buildDocumentState('lesson_plan', documentTemplates.lesson_plan.blocks));
	extra(doc.getXmlFragment('body'));
	return doc;
}

function paragraph(text: string): Y.XmlElement {
	const element = new Y.XmlElement('paragraph');
	element.insert(0, [new Y.XmlText(text)]);
	return element;
}

describe('lookForsFrom', () => {
	it('finds nothing in an untouched template: the guiding line is not a look-for', () => {
		expect(lookForsFrom(planWith(() => {}))).toEqual([]);
	});

	it('reads the paragraphs and list items under the look-fors heading, and stops at the next heading', () => {
		const doc = planWith((body) => {
			body.push([paragraph('Students explain why, not only what'), paragraph('- Wait time of 3 seconds')]);
			const list = new Y.XmlElement('bulletList');
			const item = new Y.XmlElement('listItem');
			item.insert(0, [paragraph('Open vs closed questions')]);
			list.insert(0, [item]);
			const next = new Y.XmlElement('heading');
			next.insert(0, [new Y.XmlText('Notes after the lesson')]);
			body.push([list, next, paragraph('Not a look-for')]);
		});
		expect(lookForsFrom(doc)).toEqual([
			'Students explain why, not only what',
			'Wait time of 3 seconds',
			'Open vs closed questions'
		]);
	});

	it('reads nothing from a document without the heading or without a body', () => {
		const doc = new Y.Doc();
		expect(lookForsFrom(doc)).toEqual([]);
		doc.getXmlFragment('body').push([paragraph(LOOK_FORS_HEADING), paragraph('Plain text')]);
		expect(lookForsFrom(doc)).toEqual([]);
	});
});
