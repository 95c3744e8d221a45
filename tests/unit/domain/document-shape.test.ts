// Documents written before the goal's statement and metric and the action steps' text became shared
// texts (schema version 1) open with their words carried over, converted once, even by two servers at once.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addActionStep, readActionSteps } from '../../../src/lib/domain/action-steps.ts';
import {
	schemaVersionOf,
	shapeMigrationUpdate,
	SCHEMA_VERSION
} from '../../../src/lib/domain/document-shape.ts';
import { goalText, readGoal, setGoalField } from '../../../src/lib/domain/goal-document.ts';

/** A goal document as version 1 wrote it: strings in `goal`, string step texts. */
function versionOne(): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('kind', 'goal');
		meta.set('schemaVersion', 1);
		const goal = doc.getMap('goal');
		goal.set('statement', 'More students explain their reasoning aloud.');
		goal.set('metric', 'Students who explain in a math talk');
		goal.set('baseline', 4);
		goal.set('target', 15);
		const step = new Y.Map<unknown>();
		step.set('id', 'step-1');
		step.set('text', 'Use a visible timer');
		step.set('owner', null);
		step.set('due', null);
		step.set('done', false);
		doc.getArray('actionSteps').push([step]);
	});
	return doc;
}

function migrated(doc: Y.Doc): Y.Doc {
	const update = shapeMigrationUpdate(Y.encodeStateAsUpdate(doc));
	if (update) Y.applyUpdate(doc, update);
	return doc;
}

describe('shape migration', () => {
	it('carries the statement, metric and step text over into shared texts, once', () => {
		const doc = versionOne();
		const before = readGoal(doc);
		expect(before.fields.statement).toBe('More students explain their reasoning aloud.');
		migrated(doc);
		expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
		expect(goalText(doc, 'statement')?.toString()).toBe('More students explain their reasoning aloud.');
		expect(goalText(doc, 'metric')?.toString()).toBe('Students who explain in a math talk');
		expect(doc.getMap('goal').has('statement')).toBe(false);
		expect(doc.getArray('actionSteps').get(0)).toBeInstanceOf(Y.Map);
		expect((doc.getArray('actionSteps').get(0) as Y.Map<unknown>).get('text')).toBeInstanceOf(Y.Text);
		expect(readGoal(doc)).toEqual(before);
		expect(readActionSteps(doc).map((step) => step.text)).toEqual(['Use a visible timer']);
		// A second load finds nothing to do.
		expect(shapeMigrationUpdate(Y.encodeStateAsUpdate(doc))).toBeNull();
	});

	it('converges when two servers convert the same document at once', () => {
		const state = Y.encodeStateAsUpdate(versionOne());
		const first = shapeMigrationUpdate(state);
		const second = shapeMigrationUpdate(state);
		expect(first).not.toBeNull();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		Y.applyUpdate(doc, first as Uint8Array);
		Y.applyUpdate(doc, second as Uint8Array);
		expect(goalText(doc, 'statement')?.toString()).toBe('More students explain their reasoning aloud.');
		expect(readActionSteps(doc).map((step) => step.text)).toEqual(['Use a visible timer']);
	});

	it('converges when clients edited in between the two conversions', () => {
		const original = versionOne();
		const state = Y.encodeStateAsUpdate(original);
		const here = new Y.Doc();
		Y.applyUpdate(here, state);
		Y.applyUpdate(here, shapeMigrationUpdate(state) as Uint8Array);
		// Someone types into the converted statement on this server before the other server converts.
		goalText(here, 'statement')?.insert(0, 'By June: ');
		const there = new Y.Doc();
		Y.applyUpdate(there, state);
		Y.applyUpdate(there, shapeMigrationUpdate(state) as Uint8Array);
		Y.applyUpdate(here, Y.encodeStateAsUpdate(there));
		Y.applyUpdate(there, Y.encodeStateAsUpdate(here));
		for (const doc of [here, there])
			expect(readGoal(doc).fields.statement).toBe('By June: More students explain their reasoning aloud.');
	});

	it('leaves a current document alone', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
		setGoalField(doc, 'statement', 'Already shared');
		addActionStep(doc, { text: 'A step', ownerId: null, due: null });
		expect(shapeMigrationUpdate(Y.encodeStateAsUpdate(doc))).toBeNull();
	});

	it('marks a document with no meta as converted too, so the work is done once', () => {
		const doc = migrated(new Y.Doc());
		expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
		expect(shapeMigrationUpdate(Y.encodeStateAsUpdate(doc))).toBeNull();
	});
});

describe('co-written goal text', () => {
	it('merges two people typing into the same statement at once', () => {
		const coach = new Y.Doc();
		const teacher = new Y.Doc();
		setGoalField(coach, 'statement', 'Students explain their reasoning.');
		Y.applyUpdate(teacher, Y.encodeStateAsUpdate(coach));
		goalText(coach, 'statement')?.insert(33, ' Most of them, most days.');
		goalText(teacher, 'statement')?.insert(0, 'By June: ');
		Y.applyUpdate(teacher, Y.encodeStateAsUpdate(coach));
		Y.applyUpdate(coach, Y.encodeStateAsUpdate(teacher));
		for (const doc of [coach, teacher])
			expect(readGoal(doc).fields.statement).toBe(
				'By June: Students explain their reasoning. Most of them, most days.'
			);
	});

	it('keeps both texts when two people start the same empty field at once', () => {
		const coach = new Y.Doc();
		const teacher = new Y.Doc();
		goalText(coach, 'metric')?.insert(0, 'exit tickets');
		goalText(teacher, 'metric')?.insert(0, 'talk moves');
		Y.applyUpdate(teacher, Y.encodeStateAsUpdate(coach));
		Y.applyUpdate(coach, Y.encodeStateAsUpdate(teacher));
		const merged = readGoal(coach).fields.metric;
		expect(readGoal(teacher).fields.metric).toBe(merged);
		expect(merged).toContain('exit tickets');
		expect(merged).toContain('talk moves');
	});

	it('stores a baseline and target as typed, reads their numbers and records who changed them', () => {
		const doc = new Y.Doc();
		setGoalField(doc, 'baseline', '3 of 24 students', { id: 'u1', name: 'Ana' });
		setGoalField(doc, 'target', '35%', { id: 'u2', name: 'Ben' });
		const goal = readGoal(doc);
		expect(goal.fields).toMatchObject({
			baseline: 3,
			baselineText: '3 of 24 students',
			target: 35,
			targetText: '35%'
		});
		expect(goal.changes.map(({ field, value, byName }) => ({ field, value, byName }))).toEqual([
			{ field: 'baseline', value: '3 of 24 students', byName: 'Ana' },
			{ field: 'target', value: '35%', byName: 'Ben' }
		]);
		expect(() => setGoalField(doc, 'target', 'about half')).toThrow(RangeError);
	});
});
