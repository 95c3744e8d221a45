// What search reads of a document: every part a person writes in, tolerant of what a collaborator wrote.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionStep } from '../../../src/lib/domain/action-steps.ts';
import { addComment } from '../../../src/lib/domain/comments.ts';
import { addMeasurement, setGoalField } from '../../../src/lib/domain/goal-document.ts';
import { addNote, addTool } from '../../../src/lib/domain/observation/write.ts';
import { addPhase } from '../../../src/lib/domain/protocol.ts';
import { SEARCH_TEXT_MAX, searchableText } from '../../../src/lib/domain/search-text.ts';

function paragraph(text: string, marks?: Record<string, unknown>): Y.XmlElement {
	const element = new Y.XmlElement('paragraph');
	const run = new Y.XmlText();
	run.insert(0, text, marks);
	element.insert(0, [run]);
	return element;
}

describe('searchableText', () => {
	it('reads the body block by block, lists and tables included, marks dropped', () => {
		const doc = new Y.Doc();
		const body = doc.getXmlFragment('body');
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		item.insert(0, [paragraph('wait time')]);
		list.insert(0, [item]);
		const bold = paragraph('Open ');
		body.insert(0, [bold, list, paragraph('  ')]);
		(bold.get(0) as Y.XmlText).insert(5, 'questions', { bold: true });
		expect(searchableText(doc)).toBe('Open questions\nwait time');
	});

	it('reads goal fields and measurement notes, observation notes, tags and tools, phases, steps and comments', () => {
		const doc = new Y.Doc();
		setGoalField(doc, 'statement', 'Students explain');
		setGoalField(doc, 'metric', 'exit tickets');
		addMeasurement(doc, { date: '2026-01-05', value: 3, note: 'after the sweep', source: 'manual' });
		const stamp = { at: new Date('2026-01-05T10:00:00Z'), clock: 'server' as const };
		addNote(doc, { text: 'Pairs talked', tags: ['discourse'], author: 'u1' }, stamp);
		addTool(doc, { label: 'Questions', type: 'tally', codes: [{ id: 'open', label: 'Open ones' }] }, stamp);
		addPhase(doc, { name: 'Clarify', minutes: 5 });
		addActionStep(doc, { text: 'Try turn and talk', ownerId: null, due: null });
		addComment(doc, {
			id: 'c1',
			authorId: 'u1',
			text: 'Nice move',
			at: '2026-01-05T10:00:00Z',
			mentions: [],
			anchor: null
		});
		const text = searchableText(doc).split('\n');
		for (const piece of [
			'Students explain',
			'exit tickets',
			'after the sweep',
			'Pairs talked',
			'discourse',
			'Questions',
			'Open ones',
			'Clarify',
			'Try turn and talk',
			'Nice move'
		])
			expect(text).toContain(piece);
	});

	it('cleans out control characters, so no text can forge a highlight, and stops at the bound', () => {
		const doc = new Y.Doc();
		doc
			.getXmlFragment('body')
			.insert(0, [paragraph('a\u0002fake\u0003mark'), paragraph('x'.repeat(SEARCH_TEXT_MAX))]);
		const text = searchableText(doc);
		expect(text.includes('\u0002') || text.includes('\u0003')).toBe(false);
		expect(text.startsWith('afakemark\n')).toBe(true);
		expect(text.length).toBe(SEARCH_TEXT_MAX);
	});

	it('never throws over garbage a client wrote where the parts belong', () => {
		const doc = new Y.Doc();
		doc.getMap('goal').set('statement', 42);
		doc.getArray('notes').push(['not a map']);
		doc.getArray('comments').push([new Y.Map()]);
		doc.getArray('actionSteps').push([null]);
		doc.getText('body');
		expect(searchableText(doc)).toBe('');
	});
});
