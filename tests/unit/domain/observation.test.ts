// The observation document (docs/design.md §6): session, notes in lanes, tools, one event per tap, undo of one's
// own last tap, and the figures the charts, the debrief and the goal feed are made of.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { goalFeedValue, summarizeTool, tapTotals } from '../../../src/lib/domain/observation/figures.ts';
import { lanesOf } from '../../../src/lib/domain/observation/lanes.ts';
import { suggestedTools, TOOL_LIBRARY } from '../../../src/lib/domain/observation/library.ts';
import { BUCKET_MS, type ObservationSnapshot } from '../../../src/lib/domain/observation/model.ts';
import { observationHeadings, readObservation } from '../../../src/lib/domain/observation/read.ts';
import {
	addLibraryTool,
	addNote,
	addTool,
	codesFromLabels,
	recordTap,
	removeNote,
	removeTool,
	setDebriefId,
	setGoalFeed,
	setNoteHighlight,
	setSweepSize,
	startObservation,
	stopObservation,
	undoLastTap,
	type Stamp
} from '../../../src/lib/domain/observation/write.ts';
import { describeGoalFeed, describeSummary, formatDuration } from '../../../src/lib/format/observation.ts';
import { debriefBlocks, debriefTitle } from '../../../src/lib/format/observation-debrief.ts';
import {
	observationSource,
	parseObservationSource,
	removeMeasurementsBySource,
	upsertMeasurementBySource
} from '../../../src/lib/domain/observation-goal.ts';
import { readGoal } from '../../../src/lib/domain/goal-document.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number, clock: Stamp['clock'] = 'server'): Stamp => ({
	at: new Date(T0 + seconds * 1000),
	clock
});

function exchange(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

function total(snapshot: ObservationSnapshot, tool: string, code?: string): number {
	return snapshot.events.filter((e) => e.tool === tool && (code === undefined || e.code === code)).length;
}

describe('session, notes and lanes', () => {
	it('reads an empty observation without creating anything', () => {
		const doc = new Y.Doc();
		expect(readObservation(doc)).toEqual({
			session: { startedAt: null, endedAt: null, startedBy: null, debriefId: null },
			tools: [],
			notes: [],
			events: []
		});
		expect(doc.share.size).toBe(0);
	});

	it('starts, stops and resumes, keeping the first start', () => {
		const doc = new Y.Doc();
		startObservation(doc, at(0), 'coach');
		stopObservation(doc, at(600));
		expect(readObservation(doc).session).toMatchObject({
			startedAt: '2026-03-02T09:00:00.000Z',
			endedAt: '2026-03-02T09:10:00.000Z',
			startedBy: 'coach'
		});
		startObservation(doc, at(700), 'teacher');
		expect(readObservation(doc).session).toMatchObject({
			startedAt: '2026-03-02T09:00:00.000Z',
			endedAt: null,
			startedBy: 'coach'
		});
		setDebriefId(doc, 'debrief-1');
		expect(readObservation(doc).session.debriefId).toBe('debrief-1');
	});

	it('stamps notes with their time and offset, and orders them by time then id for everyone', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		startObservation(a, at(0), 'coach');
		exchange(a, b);
		addNote(a, { text: 'Hook with a number talk', author: 'coach', authorName: 'Casey' }, at(65), 'n-2');
		addNote(
			b,
			{ text: '  Students turn and talk  ', tags: ['Wait time', 'Wait time', ' '], author: 'teacher' },
			at(30),
			'n-3'
		);
		// Same instant: the id decides, on every replica.
		addNote(b, { text: 'Same moment', author: 'teacher' }, at(65), 'n-1');
		exchange(a, b);
		for (const doc of [a, b]) {
			const notes = readObservation(doc).notes;
			expect(notes.map((n) => n.id)).toEqual(['n-3', 'n-1', 'n-2']);
			expect(notes[0]).toMatchObject({
				text: 'Students turn and talk',
				tags: ['Wait time'],
				offsetMs: 30_000,
				lane: 'teacher',
				clock: 'server',
				highlight: false
			});
		}
		expect(JSON.stringify(readObservation(a))).toBe(JSON.stringify(readObservation(b)));
	});

	it('keeps a note written before the start with no offset, and offsets follow a later start', () => {
		const doc = new Y.Doc();
		addNote(doc, { text: 'Before the bell', author: 'coach' }, at(-60, 'device'), 'early');
		expect(readObservation(doc).notes[0]).toMatchObject({ offsetMs: null, clock: 'device' });
		startObservation(doc, at(-120), 'coach');
		expect(readObservation(doc).notes[0]?.offsetMs).toBe(60_000);
	});

	it('rejects empty or oversized notes', () => {
		const doc = new Y.Doc();
		expect(() => addNote(doc, { text: '   ', author: 'coach' }, at(0))).toThrow(RangeError);
		expect(() => addNote(doc, { text: 'x'.repeat(2001), author: 'coach' }, at(0))).toThrow(RangeError);
		expect(() => addNote(doc, { text: 'ok', author: '' }, at(0))).toThrow(RangeError);
		expect(() =>
			addNote(doc, { text: 'ok', author: 'coach' }, { at: new Date(NaN), clock: 'server' })
		).toThrow(RangeError);
	});

	it('highlights and removes notes', () => {
		const doc = new Y.Doc();
		const id = addNote(doc, { text: 'Great wait time', author: 'coach' }, at(1));
		expect(setNoteHighlight(doc, id, true)).toBe(true);
		expect(readObservation(doc).notes[0]?.highlight).toBe(true);
		expect(setNoteHighlight(doc, 'nope', true)).toBe(false);
		expect(removeNote(doc, id)).toBe(true);
		expect(readObservation(doc).notes).toEqual([]);
	});

	it('puts each observer’s notes in their lane, lanes ordered by name', () => {
		const doc = new Y.Doc();
		addNote(doc, { text: 'one', author: 'u-z', authorName: 'Zoe' }, at(1));
		addNote(doc, { text: 'two', author: 'u-a', authorName: 'Adam' }, at(2));
		addNote(doc, { text: 'three', author: 'u-z', authorName: 'Zoe' }, at(3));
		addNote(doc, { text: 'four', author: 'u-q' }, at(4));
		const lanes = lanesOf(readObservation(doc).notes, { 'u-q': 'Quinn' });
		expect(lanes.map((l) => [l.name, l.notes.map((n) => n.text)])).toEqual([
			['Adam', ['two']],
			['Quinn', ['four']],
			['Zoe', ['one', 'three']]
		]);
	});

	it('reads the observation’s headings as quick tags', () => {
		const doc = new Y.Doc();
		const body = doc.getXmlFragment('body');
		for (const [name, text] of [
			['heading', 'Students explain why'],
			['paragraph', 'not a tag'],
			['heading', 'Wait time'],
			['heading', 'Wait time']
		] as const) {
			const node = new Y.XmlElement(name);
			node.insert(0, [new Y.XmlText(text)]);
			body.push([node]);
		}
		expect(observationHeadings(doc)).toEqual(['Students explain why', 'Wait time']);
		expect(observationHeadings(new Y.Doc())).toEqual([]);
	});
});

describe('tools and taps', () => {
	it('suggests library tools from the look-fors', () => {
		expect(
			suggestedTools(['Teacher asks open questions', 'Students explain their thinking']).map((t) => t.key)
		).toEqual(['open-closed', 'talk-time']);
		expect(suggestedTools(['Positive narration', 'All students on task']).map((t) => t.key)).toEqual([
			'praise-redirect',
			'engagement'
		]);
		expect(suggestedTools(['Anchor chart visible'])).toEqual([]);
	});

	it('adds a library tool once, even when two observers add it at the same moment', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		expect(addLibraryTool(a, 'open-closed', at(0))).toBe('open-closed');
		addLibraryTool(b, 'open-closed', at(1));
		recordTap(b, { tool: 'open-closed', code: 'open', by: 'teacher' }, at(2));
		exchange(a, b);
		for (const doc of [a, b]) {
			const snapshot = readObservation(doc);
			expect(snapshot.tools.map((t) => t.id)).toEqual(['open-closed']);
			expect(total(snapshot, 'open-closed')).toBe(1);
		}
		expect(addLibraryTool(a, 'open-closed', at(5))).toBe('open-closed');
		expect(() => addLibraryTool(a, 'nope', at(5))).toThrow(RangeError);
	});

	it('makes a coach’s own tools and checks them', () => {
		const doc = new Y.Doc();
		const id = addTool(
			doc,
			{
				label: 'Turn and talk',
				type: 'tally',
				codes: codesFromLabels(['Pairs talk', 'Pairs silent', 'Pairs talk'])
			},
			at(0)
		);
		expect(readObservation(doc).tools[0]).toMatchObject({
			id,
			label: 'Turn and talk',
			type: 'tally',
			codes: [
				{ id: 'pairs-talk', label: 'Pairs talk' },
				{ id: 'pairs-silent', label: 'Pairs silent' },
				{ id: 'pairs-talk-2', label: 'Pairs talk' }
			],
			library: null
		});
		expect(() => addTool(doc, { label: '', type: 'tally', codes: codesFromLabels(['a']) }, at(0))).toThrow(
			RangeError
		);
		expect(() => addTool(doc, { label: 'x', type: 'tally', codes: [] }, at(0))).toThrow(RangeError);
		expect(() => addTool(doc, { label: 'x', type: 'sweep', size: 0 }, at(0))).toThrow(RangeError);
		expect(() => addTool(doc, { label: 'x', type: 'nonsense' as never }, at(0))).toThrow(RangeError);
		expect(removeTool(doc, id)).toBe(true);
		expect(readObservation(doc).tools).toEqual([]);
	});

	it('counts every concurrent tap, and undo takes back only one’s own last tap', () => {
		const coach = new Y.Doc();
		const teacher = new Y.Doc();
		addLibraryTool(coach, 'open-closed', at(0));
		exchange(coach, teacher);
		recordTap(coach, { tool: 'open-closed', code: 'open', by: 'coach' }, at(10));
		recordTap(coach, { tool: 'open-closed', code: 'closed', by: 'coach' }, at(20));
		recordTap(teacher, { tool: 'open-closed', code: 'open', by: 'teacher' }, at(10));
		recordTap(teacher, { tool: 'open-closed', code: 'open', by: 'teacher' }, at(30));
		exchange(coach, teacher);
		expect(tapTotals(readObservation(coach))).toEqual({ 'open-closed': { open: 3, closed: 1 } });

		// The teacher's last tap is later, but the coach's undo takes the coach's own.
		const undone = undoLastTap(coach, 'coach');
		expect(undone).toMatchObject({ code: 'closed', by: 'coach' });
		exchange(coach, teacher);
		for (const doc of [coach, teacher])
			expect(tapTotals(readObservation(doc))).toEqual({ 'open-closed': { open: 3, closed: 0 } });
		expect(undoLastTap(coach, 'coach')).toMatchObject({ code: 'open' });
		expect(undoLastTap(coach, 'coach')).toBeNull();
		expect(total(readObservation(coach), 'open-closed')).toBe(2);
	});

	it('refuses taps that fit no tool', () => {
		const doc = new Y.Doc();
		addLibraryTool(doc, 'open-closed', at(0));
		addLibraryTool(doc, 'engagement', at(0));
		expect(() => recordTap(doc, { tool: 'nope', code: 'open', by: 'c' }, at(1))).toThrow(RangeError);
		expect(() => recordTap(doc, { tool: 'open-closed', code: 'maybe', by: 'c' }, at(1))).toThrow(RangeError);
		expect(() => recordTap(doc, { tool: 'engagement', value: 25, by: 'c' }, at(1))).toThrow(RangeError);
		expect(() => recordTap(doc, { tool: 'engagement', value: 2.5, by: 'c' }, at(1))).toThrow(RangeError);
		expect(readObservation(doc).events).toEqual([]);
	});

	it('counts tallies per five minutes from the start', () => {
		const doc = new Y.Doc();
		startObservation(doc, at(0), 'c');
		addLibraryTool(doc, 'praise-redirect', at(0));
		for (const [seconds, code] of [
			[10, 'praise'],
			[200, 'redirect'],
			[299, 'praise'],
			[300, 'praise'],
			[1000, 'redirect']
		] as const)
			recordTap(doc, { tool: 'praise-redirect', code, by: 'c' }, at(seconds));
		const snapshot = readObservation(doc);
		const summary = summarizeTool(snapshot, snapshot.tools[0]!, T0 + 1_100_000);
		expect(summary.kind).toBe('counts');
		if (summary.kind !== 'counts') return;
		expect(summary.total).toBe(5);
		expect(summary.buckets.map((b) => [b.startMs / BUCKET_MS, b.counts.map((c) => c.count)])).toEqual([
			[0, [2, 1]],
			[1, [1, 0]],
			[2, [0, 0]],
			[3, [0, 1]]
		]);
		expect(describeSummary(summary)).toBe('Praise 3, Redirect 2, 60% praise (5 taps)');
	});

	it('keeps a sweep’s series with the class size of each moment', () => {
		const doc = new Y.Doc();
		startObservation(doc, at(0), 'c');
		addLibraryTool(doc, 'engagement', at(0));
		recordTap(doc, { tool: 'engagement', value: 18, by: 'c' }, at(120));
		setSweepSize(doc, 'engagement', 20);
		recordTap(doc, { tool: 'engagement', value: 20, by: 't' }, at(420));
		const snapshot = readObservation(doc);
		const summary = summarizeTool(snapshot, snapshot.tools[0]!, T0);
		expect(summary).toMatchObject({
			kind: 'sweep',
			points: [
				{ offsetMs: 120_000, value: 18, of: 24, percent: 75 },
				{ offsetMs: 420_000, value: 20, of: 20, percent: 100 }
			],
			averagePercent: 87.5
		});
		expect(goalFeedValue(snapshot, snapshot.tools[0]!, { measure: 'percent', code: null }, T0)).toBe(87.5);
		expect(goalFeedValue(snapshot, snapshot.tools[0]!, { measure: 'count', code: null }, T0)).toBe(20);
	});

	it('splits a timer’s time between segments, across observers, until the stop', () => {
		const coach = new Y.Doc();
		const teacher = new Y.Doc();
		startObservation(coach, at(0), 'coach');
		addLibraryTool(coach, 'talk-time', at(0));
		exchange(coach, teacher);
		recordTap(coach, { tool: 'talk-time', code: 'teacher', by: 'coach' }, at(0));
		recordTap(teacher, { tool: 'talk-time', code: 'student', by: 'teacher' }, at(120));
		recordTap(coach, { tool: 'talk-time', code: 'student', by: 'coach' }, at(150)); // already running
		recordTap(coach, { tool: 'talk-time', code: 'teacher', by: 'coach' }, at(300));
		recordTap(teacher, { tool: 'talk-time', phase: 'stop', by: 'teacher' }, at(360));
		recordTap(teacher, { tool: 'talk-time', code: 'student', by: 'teacher' }, at(400));
		exchange(coach, teacher);
		stopObservation(coach, at(460));
		const snapshot = readObservation(coach);
		const summary = summarizeTool(snapshot, snapshot.tools[0]!, T0 + 10_000_000);
		expect(summary.kind).toBe('timer');
		if (summary.kind !== 'timer') return;
		expect(summary.segments).toEqual([
			{ code: 'teacher', label: 'Teacher talk', ms: 180_000, percent: 42.9 },
			{ code: 'student', label: 'Student talk', ms: 240_000, percent: 57.1 }
		]);
		expect(summary.intervals).toEqual([
			{ code: 'teacher', startMs: T0, endMs: T0 + 120_000 },
			{ code: 'student', startMs: T0 + 120_000, endMs: T0 + 300_000 },
			{ code: 'teacher', startMs: T0 + 300_000, endMs: T0 + 360_000 },
			{ code: 'student', startMs: T0 + 400_000, endMs: T0 + 460_000 }
		]);
		expect(summary.running).toBeNull();
		expect(describeSummary(summary)).toBe('Teacher talk 3:00 (42.9%), Student talk 4:00 (57.1%)');
		expect(goalFeedValue(snapshot, snapshot.tools[0]!, { measure: 'percent', code: 'student' }, T0)).toBe(
			57.1
		);
		expect(goalFeedValue(snapshot, snapshot.tools[0]!, { measure: 'count', code: 'student' }, T0)).toBe(4);
	});

	it('shows a running timer until it stops', () => {
		const doc = new Y.Doc();
		startObservation(doc, at(0), 'c');
		addLibraryTool(doc, 'talk-time', at(0));
		recordTap(doc, { tool: 'talk-time', code: 'teacher', by: 'c' }, at(10));
		const snapshot = readObservation(doc);
		const summary = summarizeTool(snapshot, snapshot.tools[0]!, T0 + 70_000);
		expect(summary).toMatchObject({
			kind: 'timer',
			totalMs: 60_000,
			running: { code: 'teacher', sinceMs: T0 + 10_000 }
		});
	});

	it('feeds counts and percentages of a tally', () => {
		const doc = new Y.Doc();
		addLibraryTool(doc, 'open-closed', at(0));
		for (const code of ['open', 'open', 'closed', 'open'])
			recordTap(doc, { tool: 'open-closed', code, by: 'c' }, at(1));
		const snapshot = readObservation(doc);
		const tool = snapshot.tools[0]!;
		expect(goalFeedValue(snapshot, tool, { measure: 'count', code: 'open' }, T0)).toBe(3);
		expect(goalFeedValue(snapshot, tool, { measure: 'count', code: null }, T0)).toBe(4);
		expect(goalFeedValue(snapshot, tool, { measure: 'percent', code: 'open' }, T0)).toBe(75);
		expect(describeGoalFeed(tool, { measure: 'percent', code: 'open' })).toBe(
			'% Open question (Open vs closed questions)'
		);
		setGoalFeed(doc, tool.id, { measure: 'percent', code: 'open', goalId: 'goal-1', date: '2026-03-02' });
		expect(readObservation(doc).tools[0]?.goalFeed).toEqual({
			measure: 'percent',
			code: 'open',
			goalId: 'goal-1',
			date: '2026-03-02'
		});
		expect(() =>
			setGoalFeed(doc, tool.id, { measure: 'percent', code: 'open', goalId: 'g', date: 'soon' })
		).toThrow(RangeError);
		setGoalFeed(doc, tool.id, null);
		expect(readObservation(doc).tools[0]?.goalFeed).toBeNull();
	});

	it('has a library of ready tools, each of which records a tap', () => {
		const doc = new Y.Doc();
		for (const entry of TOOL_LIBRARY) {
			addLibraryTool(doc, entry.key, at(0));
			recordTap(
				doc,
				{
					tool: entry.key,
					code: entry.codes?.[0]?.id,
					value: entry.type === 'sweep' ? 1 : undefined,
					by: 'c'
				},
				at(1)
			);
		}
		const snapshot = readObservation(doc);
		expect(snapshot.tools.map((t) => t.id).sort()).toEqual(TOOL_LIBRARY.map((t) => t.key).sort());
		expect(snapshot.events).toHaveLength(TOOL_LIBRARY.length);
	});
});

describe('reading what anyone may have written', () => {
	const garbage = fc.oneof(
		fc.anything(),
		fc.constant(null),
		fc.record({
			id: fc.anything(),
			at: fc.anything(),
			tool: fc.anything(),
			by: fc.anything(),
			code: fc.anything()
		})
	);

	it('never throws, whatever lands in the roots', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(
						fc.constantFrom('session', 'notes', 'tools', 'events', 'body'),
						fc.array(garbage, { maxLength: 4 }),
						fc.boolean()
					)
				),
				(writes) => {
					const doc = new Y.Doc();
					for (const [root, values, asMaps] of writes) {
						try {
							doc.transact(() => {
								if (root === 'notes' || root === 'events') {
									const array = doc.getArray<unknown>(root);
									for (const value of values) {
										if (asMaps && value && typeof value === 'object') {
											const map = new Y.Map<unknown>();
											for (const [k, v] of Object.entries(value)) map.set(k, v === undefined ? null : v);
											array.push([map]);
										} else array.push([value === undefined ? null : value]);
									}
								} else if (root === 'body') {
									doc.getText(root).insert(0, String(values[0]));
								} else {
									const map = doc.getMap<unknown>(root);
									values.forEach((value, i) => map.set(String(i), value === undefined ? null : value));
								}
							});
						} catch {
							// A root already defined as another type: the write itself is refused by Yjs.
						}
					}
					const snapshot = readObservation(doc);
					summarizeTools(snapshot);
					observationHeadings(doc);
					lanesOf(snapshot.notes);
				}
			),
			{ numRuns: 200 }
		);
		function summarizeTools(snapshot: ObservationSnapshot) {
			for (const tool of snapshot.tools) summarizeTool(snapshot, tool, T0);
		}
	});

	it('skips malformed notes, tools and taps but keeps the good ones', () => {
		const doc = new Y.Doc();
		addLibraryTool(doc, 'open-closed', at(0));
		recordTap(doc, { tool: 'open-closed', code: 'open', by: 'c' }, at(1), 'good');
		addNote(doc, { text: 'kept', author: 'c' }, at(1), 'kept');
		doc.transact(() => {
			const events = doc.getArray<unknown>('events');
			const bad = new Y.Map<unknown>();
			bad.set('id', 'no-time');
			bad.set('tool', 'open-closed');
			bad.set('code', 'open');
			bad.set('by', 'c');
			events.push([bad, 'text', 7]);
			// A copy of a good tap's id counts once.
			const copy = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({
				id: 'good',
				tool: 'open-closed',
				code: 'open',
				by: 'c',
				at: '2026-03-02T09:00:01.000Z'
			}))
				copy.set(k, v);
			events.push([copy]);
			doc.getArray<unknown>('notes').push([{ id: 'plain object' }]);
			doc.getMap<unknown>('tools').set('broken', new Y.Map());
			doc.getMap<unknown>('session').set('startedAt', 'yesterday');
		});
		const snapshot = readObservation(doc);
		expect(snapshot.events.map((e) => e.id)).toEqual(['good']);
		expect(snapshot.notes.map((n) => n.id)).toEqual(['kept']);
		expect(snapshot.tools.map((t) => t.id)).toEqual(['open-closed']);
		expect(snapshot.session.startedAt).toBeNull();
	});

	it('reads a root written as another type as empty', () => {
		const doc = new Y.Doc();
		doc.getText('notes').insert(0, 'x');
		doc.getArray('tools').push([1]);
		expect(readObservation(doc).notes).toEqual([]);
		expect(readObservation(doc).tools).toEqual([]);
		expect(() => addNote(doc, { text: 'a', author: 'c' }, at(0))).toThrow(/damaged/);
	});
});

describe('the goal feed and the group debrief', () => {
	it('names a measurement’s source and parses it back', () => {
		expect(observationSource('doc-1', 'open-closed')).toBe('observation:doc-1:open-closed');
		expect(parseObservationSource('observation:doc-1:open-closed')).toEqual({
			observationId: 'doc-1',
			toolId: 'open-closed'
		});
		expect(parseObservationSource('manual')).toBeNull();
		expect(parseObservationSource('observation::x')).toBeNull();
	});

	it('upserts one measurement per source, writing nothing when nothing changed', () => {
		const goal = new Y.Doc();
		const source = observationSource('obs', 'open-closed');
		const input = { source, date: '2026-03-02', value: 40, note: '% open' };
		expect(upsertMeasurementBySource(goal, input, () => 'm-1')).toBe('added');
		expect(upsertMeasurementBySource(goal, input)).toBe('unchanged');
		expect(upsertMeasurementBySource(goal, { ...input, value: 55 })).toBe('updated');
		expect(readGoal(goal).measurements).toEqual([
			{ id: 'm-1', date: '2026-03-02', value: 55, note: '% open', source }
		]);

		// Two servers raced and each added one: the next upsert leaves one.
		const other = new Y.Doc();
		upsertMeasurementBySource(other, { ...input, value: 60 }, () => 'm-2');
		exchange(goal, other);
		expect(readGoal(goal).measurements).toHaveLength(2);
		expect(upsertMeasurementBySource(goal, { ...input, value: 61 })).toBe('updated');
		expect(readGoal(goal).measurements).toHaveLength(1);
		expect(readGoal(goal).measurements[0]?.value).toBe(61);

		expect(removeMeasurementsBySource(goal, source)).toBe(true);
		expect(readGoal(goal).measurements).toEqual([]);
		expect(removeMeasurementsBySource(goal, source)).toBe(false);
	});

	it('writes nothing when the figure did not change, so an unchanged feed wakes nobody', () => {
		const goal = new Y.Doc();
		const input = { source: observationSource('obs', 't'), date: '2026-03-02', value: 3, note: '' };
		expect(upsertMeasurementBySource(goal, input)).toBe('added');
		let updates = 0;
		goal.on('update', () => (updates += 1));
		expect(upsertMeasurementBySource(goal, input)).toBe('unchanged');
		expect(updates).toBe(0);
		expect(() => upsertMeasurementBySource(goal, { ...input, value: NaN })).toThrow(RangeError);
	});

	it('builds the group debrief from each lane’s highlights and the tool totals', () => {
		const doc = new Y.Doc();
		startObservation(doc, at(0), 'coach');
		addLibraryTool(doc, 'open-closed', at(0));
		recordTap(doc, { tool: 'open-closed', code: 'open', by: 'a' }, at(30));
		recordTap(doc, { tool: 'open-closed', code: 'closed', by: 'b' }, at(40));
		const star = addNote(
			doc,
			{ text: 'Wait time after the hook', author: 'a', authorName: 'Ana', tags: ['Wait time'] },
			at(90)
		);
		addNote(doc, { text: 'Not a highlight', author: 'a', authorName: 'Ana' }, at(100));
		setNoteHighlight(doc, star, true);
		for (let i = 0; i < 7; i++)
			addNote(doc, { text: `Ben ${i}`, author: 'b', authorName: 'Ben' }, at(200 + i));
		stopObservation(doc, at(1500));
		const blocks = debriefBlocks(readObservation(doc), { nowMs: T0, timeZone: 'UTC' });
		const texts = blocks.map((b) => (b.type === 'heading' ? `# ${b.text}` : b.text));
		expect(texts).toEqual([
			'# The lesson',
			'Observed from Mar 2, 2026, 9:00 AM for 25:00. Notes from 2 observers: Ana, Ben.',
			'# Data from the tools',
			'Open vs closed questions: Open question 1, Closed question 1, 50% open question (2 taps)',
			'# Highlights from each observer',
			'# Ana',
			'1:30 · Wait time after the hook [Wait time]',
			'…and 1 more note in the observation.',
			'# Ben',
			'3:20 · Ben 0',
			'3:21 · Ben 1',
			'3:22 · Ben 2',
			'3:23 · Ben 3',
			'3:24 · Ben 4',
			'…and 2 more notes in the observation.',
			'# What we noticed together',
			'What patterns do we see across our notes and the data?',
			'# Questions to discuss',
			'What do we want to ask the teacher who modelled the lesson?',
			'# Next steps',
			'What will each of us try? Add each as an action step below.'
		]);
		expect(blocks.find((b) => b.text === 'Ana')).toMatchObject({ type: 'heading', level: 3 });
		expect(debriefTitle('Observation: Number talks')).toBe('Group debrief: Number talks');
	});

	it('formats durations as minutes and seconds', () => {
		expect(formatDuration(0)).toBe('0:00');
		expect(formatDuration(61_999)).toBe('1:01');
		expect(formatDuration(3_723_000)).toBe('1:02:03');
		expect(formatDuration(-5)).toBe('0:00');
	});
});
