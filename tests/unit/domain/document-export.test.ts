// Exports and released snapshots read a document's content as Markdown, whatever it holds.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionStep } from '../../../src/lib/domain/action-steps.ts';
import { exportDocument } from '../../../src/lib/domain/document-export.ts';
import { addMeasurement, setGoalField, setPeers } from '../../../src/lib/domain/goal-document.ts';

function element(
	name: string,
	children: (Y.XmlElement | Y.XmlText)[],
	attributes: Record<string, unknown> = {}
) {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as never);
	node.insert(0, children);
	return node;
}
const text = (value: string, marks?: Record<string, unknown>) => {
	const node = new Y.XmlText();
	node.insert(0, value, marks);
	return node;
};

describe('exportDocument', () => {
	it('writes headings, paragraphs with marks, lists, task lists and tables as Markdown', () => {
		const doc = new Y.Doc();
		doc
			.getXmlFragment('body')
			.insert(0, [
				element('heading', [text('Plan')], { level: 2 }),
				element('paragraph', [text('Be '), text('bold', { bold: true })]),
				element('bulletList', [element('listItem', [element('paragraph', [text('one')])])]),
				element('taskList', [element('taskItem', [element('paragraph', [text('done')])], { checked: true })]),
				element('table', [element('tableRow', [element('tableCell', [element('paragraph', [text('a|b')])])])])
			]);
		const { markdown, text: plain } = exportDocument(doc, { title: 'Lesson', kind: 'lesson_plan' });
		expect(markdown).toBe('# Lesson\n\n### Plan\n\nBe **bold**\n\n- one\n\n- [x] done\n\n| a\\|b |\n');
		expect(plain).toContain('Be **bold**');
	});

	it('adds the goal’s figures and the action steps with their owners', () => {
		const doc = new Y.Doc();
		setGoalField(doc, 'statement', 'More students explain why.');
		setGoalField(doc, 'baseline', 4);
		setGoalField(doc, 'target', 15);
		setPeers(doc, 'powerful', true);
		addMeasurement(doc, { date: '2026-11-20', value: 7, note: 'Math talk', source: 'manual' });
		addActionStep(doc, { text: 'Post sentence stems', ownerId: 'u1', due: '2026-11-30' });
		const { markdown, goal, actionSteps } = exportDocument(doc, { title: 'Goal', kind: 'goal' }, (id) =>
			id === 'u1' ? 'Taylor' : '?'
		);
		expect(markdown).toContain('- Baseline: 4\n- Target: 15');
		expect(markdown).toContain('- PEERS: Powerful');
		expect(markdown).toContain('| 2026-11-20 | 7 | Math talk | manual |');
		expect(markdown).toContain('- [ ] Post sentence stems — Taylor (due 2026-11-30)');
		expect(goal?.measurements).toHaveLength(1);
		expect(actionSteps).toHaveLength(1);
	});

	it('reads an empty or odd document without throwing', () => {
		expect(exportDocument(new Y.Doc(), { title: 'Empty', kind: 'note' }).markdown).toBe('# Empty\n');
		// A client wrote `body` as the wrong type: nothing to read, nothing thrown.
		const odd = new Y.Doc();
		odd.getMap('body').set('x', 1);
		expect(exportDocument(odd, { title: 'Odd', kind: 'goal' }).markdown).toContain('# Odd');
	});
});
