// Action steps in a cycle document (docs/design.md §6): the API round-trips, concurrent edits converge, and
// reading survives whatever a collaborator may have written.
import { addDays, isCalendarDate } from '../../../src/lib/domain/calendar-date.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	ACTION_STEP_TEXT_MAX,
	actionStepStatus,
	addActionStep,
	readActionSteps,
	removeActionStep,
	updateActionStep,
	type ActionStep
} from '../../../src/lib/domain/action-steps.ts';

/** Sends each document's missing updates to the other, as a sync round would. */
function exchange(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

/** A document as the server sees it: loaded from stored state, no root type asked for yet. */
function reloaded(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

describe('action steps round trip', () => {
	it('reads nothing from a document without steps, and does not create the array', () => {
		const doc = new Y.Doc();
		expect(readActionSteps(doc)).toEqual([]);
		expect(doc.share.has('actionSteps')).toBe(false);
	});

	it('adds, updates and removes a step', () => {
		const doc = new Y.Doc();
		const id = addActionStep(doc, {
			text: '  Plan the exit ticket  ',
			ownerId: 'teacher',
			due: '2026-03-02'
		});
		expect(readActionSteps(doc)).toEqual([
			{ id, text: 'Plan the exit ticket', ownerId: 'teacher', due: '2026-03-02', done: false, position: 0 }
		]);

		expect(updateActionStep(doc, id, { done: true, ownerId: null, due: null })).toBe(true);
		expect(readActionSteps(doc)[0]).toMatchObject({ id, done: true, ownerId: null, due: null });

		expect(updateActionStep(doc, id, { text: 'Plan two exit tickets' })).toBe(true);
		expect(readActionSteps(doc)[0]).toMatchObject({ text: 'Plan two exit tickets', done: true });

		expect(removeActionStep(doc, id)).toBe(true);
		expect(readActionSteps(doc)).toEqual([]);
		expect(removeActionStep(doc, id)).toBe(false);
		expect(updateActionStep(doc, id, { done: false })).toBe(false);
	});

	it('keeps the order of the array and reports positions', () => {
		const doc = new Y.Doc();
		const first = addActionStep(doc, { text: 'First', ownerId: null, due: null }, 'a');
		const second = addActionStep(doc, { text: 'Second', ownerId: null, due: null }, 'b');
		expect(readActionSteps(doc).map((step) => [step.id, step.position])).toEqual([
			[first, 0],
			[second, 1]
		]);
	});

	it('makes each mutation one transaction (one update event)', () => {
		const doc = new Y.Doc();
		let updates = 0;
		doc.on('update', () => updates++);
		const id = addActionStep(doc, { text: 'Read the article', ownerId: 'coach', due: '2026-01-05' });
		updateActionStep(doc, id, { text: 'Read both articles', done: true, due: null });
		removeActionStep(doc, id);
		expect(updates).toBe(3);
	});

	it('writes nothing when an update changes nothing', () => {
		const doc = new Y.Doc();
		const id = addActionStep(doc, { text: 'Same', ownerId: 'coach', due: null });
		let updates = 0;
		doc.on('update', () => updates++);
		expect(updateActionStep(doc, id, { text: 'Same', ownerId: 'coach', due: null })).toBe(true);
		expect(updates).toBe(0);
	});

	it('refuses empty text and malformed due dates', () => {
		const doc = new Y.Doc();
		expect(() => addActionStep(doc, { text: '   ', ownerId: null, due: null })).toThrow(RangeError);
		expect(() => addActionStep(doc, { text: 'x', ownerId: null, due: '2026-02-30' })).toThrow(RangeError);
		const id = addActionStep(doc, { text: 'x', ownerId: null, due: null });
		expect(() => updateActionStep(doc, id, { text: '' })).toThrow(RangeError);
		expect(() => updateActionStep(doc, id, { due: '03/02/2026' })).toThrow(RangeError);
		expect(readActionSteps(doc)).toHaveLength(1);
	});

	it('clips long text to the maximum', () => {
		const doc = new Y.Doc();
		addActionStep(doc, { text: 'a'.repeat(ACTION_STEP_TEXT_MAX + 50), ownerId: null, due: null });
		expect(readActionSteps(doc)[0]?.text).toHaveLength(ACTION_STEP_TEXT_MAX);
	});

	it('reads a document loaded from stored state, as the server does', () => {
		const doc = new Y.Doc();
		addActionStep(doc, { text: 'Model think-aloud', ownerId: 'teacher', due: '2026-04-01' }, 'step-1');
		expect(readActionSteps(reloaded(doc))).toEqual(readActionSteps(doc));
	});
});

describe('action steps edited at the same time', () => {
	it('keeps both steps when two people add one at once', () => {
		const coach = new Y.Doc();
		const teacher = new Y.Doc();
		addActionStep(coach, { text: 'Coach models the routine', ownerId: 'coach', due: null });
		addActionStep(teacher, { text: 'Teacher tries the routine', ownerId: 'teacher', due: null });
		exchange(coach, teacher);
		const texts = (doc: Y.Doc) => readActionSteps(doc).map((step) => step.text);
		expect(texts(coach).sort()).toEqual(['Coach models the routine', 'Teacher tries the routine']);
		expect(texts(teacher)).toEqual(texts(coach));
	});

	it('keeps a tick and a rewording made concurrently to the same step', () => {
		const coach = new Y.Doc();
		const id = addActionStep(coach, { text: 'Collect exit tickets', ownerId: 'teacher', due: '2026-05-01' });
		const teacher = reloaded(coach);

		updateActionStep(teacher, id, { done: true });
		updateActionStep(coach, id, {
			text: 'Collect and sort exit tickets',
			ownerId: 'teacher',
			due: '2026-05-01'
		});
		exchange(coach, teacher);

		for (const doc of [coach, teacher]) {
			expect(readActionSteps(doc)).toEqual([
				{
					id,
					text: 'Collect and sort exit tickets',
					ownerId: 'teacher',
					due: '2026-05-01',
					done: true,
					position: 0
				}
			]);
		}
	});

	it('removes a step that another person edited at the same time', () => {
		const coach = new Y.Doc();
		const id = addActionStep(coach, { text: 'Draft rubric', ownerId: null, due: null });
		const teacher = reloaded(coach);
		removeActionStep(coach, id);
		updateActionStep(teacher, id, { done: true });
		exchange(coach, teacher);
		expect(readActionSteps(coach)).toEqual([]);
		expect(readActionSteps(teacher)).toEqual([]);
	});

	it('merges any interleaving of adds from two documents without losing one', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ by: fc.constantFrom('a', 'b'), sync: fc.boolean() }), { maxLength: 30 }),
				(operations) => {
					const a = new Y.Doc();
					const b = new Y.Doc();
					operations.forEach(({ by, sync }, index) => {
						addActionStep(by === 'a' ? a : b, { text: `Step ${index}`, ownerId: by, due: null });
						if (sync) exchange(a, b);
					});
					exchange(a, b);
					const merged = readActionSteps(a);
					expect(merged).toHaveLength(operations.length);
					expect(new Set(merged.map((step) => step.text)).size).toBe(operations.length);
					expect(readActionSteps(b)).toEqual(merged);
				}
			)
		);
	});
});

describe('reading whatever a collaborator wrote', () => {
	it('skips entries that are not steps and keeps the readable ones', () => {
		const doc = new Y.Doc();
		const array = doc.getArray<unknown>('actionSteps');
		const map = (entries: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(entries));
		array.push([
			'a plain string',
			42,
			null,
			{ id: 'plain-object', text: 'not a Y.Map' },
			new Y.Text('text'),
			new Y.Array(),
			map({ text: 'no id' }),
			map({ id: 7, text: 'numeric id' }),
			map({ id: 'blank', text: '   ' }),
			map({ id: 'not-text', text: ['array'] }),
			map({ id: 'ok', text: ' Keep me ', owner: 12, due: '2026-13-01', done: 'yes' }),
			map({ id: 'ok', text: 'A duplicate id', done: true }),
			map({ id: 'nested', text: new Y.Text('nested'), owner: 'x' }),
			map({ id: 'fine', text: 'Fine', owner: 'coach', due: '2028-02-29', done: true })
		]);
		const read = () => readActionSteps(doc);
		expect(read).not.toThrow();
		expect(read()).toEqual([
			{ id: 'ok', text: 'Keep me', ownerId: null, due: null, done: false, position: 10 },
			// A shared text is how steps keep their words since schema version 2.
			{ id: 'nested', text: 'nested', ownerId: 'x', due: null, done: false, position: 12 },
			{ id: 'fine', text: 'Fine', ownerId: 'coach', due: '2028-02-29', done: true, position: 13 }
		] satisfies ActionStep[]);
		// And the server, reading the stored state afresh, agrees.
		expect(readActionSteps(reloaded(doc))).toEqual(read());
	});

	it('updates the step it shows when ids are duplicated, and removes every copy', () => {
		const doc = new Y.Doc();
		const array = doc.getArray<unknown>('actionSteps');
		array.push([
			new Y.Map<unknown>([['id', 'dup']]),
			new Y.Map<unknown>([
				['id', 'dup'],
				['text', 'shown']
			]),
			new Y.Map<unknown>([
				['id', 'dup'],
				['text', 'hidden']
			])
		]);
		expect(updateActionStep(doc, 'dup', { done: true })).toBe(true);
		expect(readActionSteps(doc)).toMatchObject([{ id: 'dup', text: 'shown', done: true, position: 1 }]);
		expect(removeActionStep(doc, 'dup')).toBe(true);
		expect(array.length).toBe(0);
	});

	it.each([
		['a Y.Map', (doc: Y.Doc) => doc.getMap('actionSteps').set('id', 'x')],
		['a Y.Text', (doc: Y.Doc) => doc.getText('actionSteps').insert(0, 'steps')],
		['a Y.XmlFragment', (doc: Y.Doc) => doc.getXmlFragment('actionSteps').insert(0, [new Y.XmlText('x')])]
	])('never throws when the root is %s', (_name, write) => {
		const local = new Y.Doc();
		write(local);
		// Locally the root is already typed; on a peer or the server it arrives untyped.
		for (const doc of [local, reloaded(local)]) {
			expect(readActionSteps(doc)).toEqual([]);
			expect(updateActionStep(doc, 'x', { done: true })).toBe(false);
			expect(removeActionStep(doc, 'x')).toBe(false);
		}
		expect(() => addActionStep(local, { text: 'New', ownerId: null, due: null })).toThrow(/damaged/);
	});
});

describe('isCalendarDate', () => {
	it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01'])('accepts %s', (value) => {
		expect(isCalendarDate(value)).toBe(true);
	});

	it.each([
		'2026-02-29',
		'1900-02-29',
		'2026-04-31',
		'2026-00-10',
		'2026-13-01',
		'2026-01-00',
		'0000-01-01',
		'2026-1-05',
		'2026-01-05T00:00:00Z',
		' 2026-01-05',
		'',
		null,
		20260105,
		new Date('2026-01-05')
	])('refuses %j', (value) => {
		expect(isCalendarDate(value)).toBe(false);
	});
});

describe('action step status', () => {
	const step = (due: string | null, done = false): ActionStep => ({
		id: 's',
		text: 'Step',
		ownerId: null,
		due,
		done,
		position: 0
	});

	it.each([
		['2026-03-09', '2026-03-10', false, 'overdue'],
		['2026-03-10', '2026-03-10', false, 'due_this_week'],
		['2026-03-16', '2026-03-10', false, 'due_this_week'],
		['2026-03-17', '2026-03-10', false, 'later'],
		[null, '2026-03-10', false, 'no_date'],
		['2026-03-01', '2026-03-10', true, 'done'],
		[null, '2026-03-10', true, 'done'],
		// Across the end of the year: 6 days after 29 December is 4 January.
		['2027-01-04', '2026-12-29', false, 'due_this_week'],
		['2027-01-05', '2026-12-29', false, 'later'],
		['2026-12-31', '2027-01-01', false, 'overdue'],
		// And across a leap day.
		['2028-03-05', '2028-02-28', false, 'due_this_week'],
		['2028-03-06', '2028-02-28', false, 'later']
	] as const)('due %s on %s (done: %s) is %s', (due, today, done, expected) => {
		expect(actionStepStatus(step(due, done), today)).toBe(expected);
	});

	it('adds days across month and year ends', () => {
		expect(addDays('2026-12-29', 6)).toBe('2027-01-04');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});
});
