// The goal document's structured part (docs/design.md §6): fields, PEERS check, measurements, progress maths,
// and the update the server writes when a measurement comes from elsewhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addMeasurement,
	goalProgress,
	measurementSourceLabel,
	PEERS_CRITERIA,
	readGoal,
	removeMeasurement,
	setGoalField,
	setPeers,
	type GoalFields,
	type GoalSnapshot,
	type Measurement
} from '../../../src/lib/domain/goal-document.ts';

function exchange(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

function reloaded(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

const emptyFields: GoalFields = {
	statement: '',
	metric: '',
	baseline: null,
	target: null,
	baselineText: '',
	targetText: '',
	due: null
};
const noPeers = { powerful: false, easy: false, emotional: false, reachable: false, studentFocused: false };

describe('goal document round trip', () => {
	it('reads an empty goal from a new document without creating anything', () => {
		const doc = new Y.Doc();
		expect(readGoal(doc)).toEqual({ fields: emptyFields, peers: noPeers, measurements: [], changes: [] });
		expect(doc.share.size).toBe(0);
	});

	it('sets each field and reads it back, including clearing', () => {
		const doc = new Y.Doc();
		setGoalField(doc, 'statement', 'Students explain their reasoning in writing.');
		setGoalField(doc, 'metric', 'Share of exit tickets with a complete explanation');
		setGoalField(doc, 'baseline', 40);
		setGoalField(doc, 'target', 80);
		setGoalField(doc, 'due', '2026-12-18');
		expect(readGoal(doc).fields).toEqual({
			statement: 'Students explain their reasoning in writing.',
			metric: 'Share of exit tickets with a complete explanation',
			baseline: 40,
			target: 80,
			baselineText: '40',
			targetText: '80',
			due: '2026-12-18'
		});
		setGoalField(doc, 'target', null);
		setGoalField(doc, 'due', null);
		expect(readGoal(doc).fields).toMatchObject({ target: null, due: null, baseline: 40 });
		expect(doc.getMap('goal').get('baseline')).toBe(40);
	});

	it('refuses values of the wrong shape', () => {
		const doc = new Y.Doc();
		expect(() => setGoalField(doc, 'baseline', Number.NaN)).toThrow(RangeError);
		expect(() => setGoalField(doc, 'target', Number.POSITIVE_INFINITY)).toThrow(RangeError);
		expect(() => setGoalField(doc, 'due', '2026-02-30')).toThrow(RangeError);
		expect(() => addMeasurement(doc, { date: '20/11/2026', value: 1, note: '', source: 'manual' })).toThrow(
			RangeError
		);
		expect(() =>
			addMeasurement(doc, { date: '2026-11-20', value: Number.NaN, note: '', source: 'manual' })
		).toThrow(RangeError);
		expect(readGoal(doc)).toEqual({ fields: emptyFields, peers: noPeers, measurements: [], changes: [] });
	});

	it('ticks and unticks PEERS criteria', () => {
		const doc = new Y.Doc();
		setPeers(doc, 'powerful', true);
		setPeers(doc, 'studentFocused', true);
		setPeers(doc, 'powerful', false);
		expect(readGoal(doc).peers).toEqual({ ...noPeers, studentFocused: true });
	});

	it('describes every PEERS criterion once', () => {
		expect(PEERS_CRITERIA.map((criterion) => criterion.key)).toEqual(Object.keys(noPeers));
		for (const criterion of PEERS_CRITERIA) expect(criterion.explanation).toMatch(/\.$/);
	});

	it('adds and removes measurements, sorted by date then id', () => {
		const doc = new Y.Doc();
		addMeasurement(doc, { date: '2026-11-20', value: 62, note: 'After modelling', source: 'manual' }, 'c');
		addMeasurement(doc, { date: '2026-10-02', value: 40, note: '', source: 'manual' }, 'b');
		addMeasurement(doc, { date: '2026-11-20', value: 60, note: '', source: 'observation:doc-1:tool-2' }, 'a');
		expect(readGoal(doc).measurements.map((m) => m.id)).toEqual(['b', 'a', 'c']);
		expect(readGoal(doc).measurements[2]).toEqual({
			id: 'c',
			date: '2026-11-20',
			value: 62,
			note: 'After modelling',
			source: 'manual'
		});
		expect(removeMeasurement(doc, 'a')).toBe(true);
		expect(removeMeasurement(doc, 'a')).toBe(false);
		expect(readGoal(doc).measurements.map((m) => m.id)).toEqual(['b', 'c']);
	});

	it('keeps measurements and field edits two people make at once', () => {
		const coach = new Y.Doc();
		setGoalField(coach, 'target', 80);
		const teacher = reloaded(coach);
		addMeasurement(coach, { date: '2026-10-01', value: 45, note: '', source: 'manual' });
		addMeasurement(teacher, { date: '2026-10-01', value: 47, note: '', source: 'manual' });
		setGoalField(coach, 'metric', 'Complete explanations');
		setPeers(teacher, 'reachable', true);
		exchange(coach, teacher);
		expect(readGoal(teacher)).toEqual(readGoal(coach));
		expect(
			readGoal(coach)
				.measurements.map((m) => m.value)
				.sort()
		).toEqual([45, 47]);
		expect(readGoal(coach).fields).toMatchObject({ metric: 'Complete explanations', target: 80 });
		expect(readGoal(coach).peers.reachable).toBe(true);
	});

	it('merges any interleaving of measurements from two documents without losing one', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ by: fc.boolean(), sync: fc.boolean(), value: fc.integer() }), { maxLength: 25 }),
				(operations) => {
					const a = new Y.Doc();
					const b = new Y.Doc();
					for (const { by, sync, value } of operations) {
						addMeasurement(by ? a : b, { date: '2026-09-01', value, note: '', source: 'manual' });
						if (sync) exchange(a, b);
					}
					exchange(a, b);
					expect(readGoal(a).measurements).toHaveLength(operations.length);
					expect(readGoal(b)).toEqual(readGoal(a));
				}
			)
		);
	});
});

describe('reading whatever a collaborator wrote', () => {
	it('reads numeric strings, and ignores what is not a number, a date or text', () => {
		const doc = new Y.Doc();
		const goal = doc.getMap<unknown>('goal');
		goal.set('statement', 42);
		goal.set('metric', new Y.Text('metric'));
		goal.set('baseline', ' 12.5 ');
		goal.set('target', 'eighty');
		goal.set('due', '2026-02-31');
		const peers = doc.getMap<unknown>('peers');
		peers.set('powerful', 'true');
		peers.set('easy', 1);
		peers.set('emotional', true);
		expect(readGoal(doc).fields).toEqual({ ...emptyFields, baseline: 12.5, baselineText: '12.5' });
		expect(readGoal(doc).peers).toEqual({ ...noPeers, emotional: true });
	});

	it('skips measurements that cannot be read and keeps the first of a duplicated id', () => {
		const doc = new Y.Doc();
		const map = (entries: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(entries));
		doc
			.getArray<unknown>('measurements')
			.push([
				'text',
				{ id: 'plain', date: '2026-01-01', value: 1 },
				new Y.Array(),
				map({ date: '2026-01-01', value: 1 }),
				map({ id: 'no-date', value: 1 }),
				map({ id: 'bad-date', date: 'yesterday', value: 1 }),
				map({ id: 'nan', date: '2026-01-01', value: 'NaN' }),
				map({ id: 'empty', date: '2026-01-01', value: '' }),
				map({ id: 'string-value', date: '2026-01-02', value: '7', note: 5 }),
				map({ id: 'ok', date: '2026-01-01', value: 3, note: 'n', source: 'final' }),
				map({ id: 'ok', date: '2025-01-01', value: 99 })
			]);
		const expected: Measurement[] = [
			{ id: 'ok', date: '2026-01-01', value: 3, note: 'n', source: 'final' },
			{ id: 'string-value', date: '2026-01-02', value: 7, note: '', source: 'manual' }
		];
		expect(readGoal(doc).measurements).toEqual(expected);
		expect(readGoal(reloaded(doc)).measurements).toEqual(expected);
	});

	it('never throws when the roots have the wrong types', () => {
		const local = new Y.Doc();
		local.getText('goal').insert(0, 'goal');
		local.getArray('peers').push([true]);
		local.getMap('measurements').set('id', 'x');
		local.getMap('goalStatement').set('text', 'x');
		for (const doc of [local, reloaded(local)]) {
			expect(readGoal(doc)).toEqual({ fields: emptyFields, peers: noPeers, measurements: [], changes: [] });
			expect(removeMeasurement(doc, 'x')).toBe(false);
		}
		expect(() => setGoalField(local, 'baseline', 3)).toThrow(/damaged/);
		expect(() => setGoalField(local, 'statement', 'x')).toThrow(/damaged/);
		expect(() => setPeers(local, 'easy', true)).toThrow(/damaged/);
		expect(() => addMeasurement(local, { date: '2026-01-01', value: 1, note: '', source: 'manual' })).toThrow(
			/damaged/
		);
	});
});

describe('goal progress', () => {
	const snapshot = (baseline: number | null, target: number | null, values: number[]): GoalSnapshot => ({
		fields: { ...emptyFields, baseline, target },
		peers: noPeers,
		changes: [],
		measurements: values.map((value, index) => ({
			id: `m${index}`,
			date: `2026-10-${String(index + 1).padStart(2, '0')}`,
			value,
			note: '',
			source: 'manual'
		}))
	});

	it('has nothing to report without measurements', () => {
		expect(goalProgress(snapshot(40, 80, []))).toEqual({ latest: null, fraction: null, met: false });
	});

	it('measures an increasing goal from the latest measurement', () => {
		const progress = goalProgress(snapshot(40, 80, [45, 70, 50]));
		expect(progress.latest?.value).toBe(50);
		expect(progress.fraction).toBeCloseTo(0.25);
		expect(progress.met).toBe(false);
	});

	it('clamps to 0..1 and is met at or beyond the target', () => {
		expect(goalProgress(snapshot(40, 80, [30]))).toMatchObject({ fraction: 0, met: false });
		expect(goalProgress(snapshot(40, 80, [80]))).toMatchObject({ fraction: 1, met: true });
		expect(goalProgress(snapshot(40, 80, [95]))).toMatchObject({ fraction: 1, met: true });
	});

	it('measures a decreasing goal: redirects from 20 down to 5', () => {
		expect(goalProgress(snapshot(20, 5, [14])).fraction).toBeCloseTo(0.4);
		expect(goalProgress(snapshot(20, 5, [14])).met).toBe(false);
		expect(goalProgress(snapshot(20, 5, [25]))).toMatchObject({ fraction: 0, met: false });
		expect(goalProgress(snapshot(20, 5, [5]))).toMatchObject({ fraction: 1, met: true });
		expect(goalProgress(snapshot(20, 5, [2]))).toMatchObject({ fraction: 1, met: true });
	});

	it('has no fraction when baseline equals target, or either is missing', () => {
		expect(goalProgress(snapshot(50, 50, [50]))).toMatchObject({ fraction: null, met: true });
		expect(goalProgress(snapshot(50, 50, [49]))).toMatchObject({ fraction: null, met: false });
		expect(goalProgress(snapshot(null, 80, [85]))).toMatchObject({ fraction: null, met: true });
		expect(goalProgress(snapshot(40, null, [85]))).toMatchObject({ fraction: null, met: false });
	});

	it('uses the latest by date, not the last added', () => {
		const doc = new Y.Doc();
		setGoalField(doc, 'baseline', 0);
		setGoalField(doc, 'target', 10);
		addMeasurement(doc, { date: '2026-11-02', value: 8, note: '', source: 'manual' });
		addMeasurement(doc, { date: '2026-10-01', value: 2, note: 'entered late', source: 'manual' });
		expect(goalProgress(readGoal(doc))).toMatchObject({ latest: { value: 8 }, fraction: 0.8 });
	});
});

describe('measurement source labels', () => {
	it.each([
		['manual', 'Entered'],
		['final', 'Final'],
		['observation:doc:tool', 'From observation'],
		['imported', 'Other']
	])('%s reads as %s', (source, label) => {
		expect(measurementSourceLabel(source)).toBe(label);
	});
});
