// A PLC protocol's phases and its shared timer, edited live by several members.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addPhase,
	formatCountdown,
	movePhase,
	nextPhase,
	pause,
	readProtocol,
	removePhase,
	resetTimer,
	resume,
	seedDefaultPhases,
	seedEmptyProtocol,
	startPhase,
	timerState,
	updatePhase
} from '../../../src/lib/domain/protocol.ts';

const MINUTE = 60_000;

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('phases', () => {
	it('adds, renames, reorders and removes phases', () => {
		const doc = new Y.Doc();
		const a = addPhase(doc, { name: '  Presenter ', minutes: 10 });
		const b = addPhase(doc, { name: 'Questions', minutes: 4.6 });
		expect(readProtocol(doc).phases).toEqual([
			{ id: a, name: 'Presenter', minutes: 10 },
			{ id: b, name: 'Questions', minutes: 5 }
		]);
		expect(updatePhase(doc, b, { name: 'Clarifying questions', minutes: 0 })).toBe(true);
		expect(movePhase(doc, b, -1)).toBe(true);
		expect(readProtocol(doc).phases.map((p) => [p.name, p.minutes])).toEqual([
			['Clarifying questions', 1],
			['Presenter', 10]
		]);
		expect(movePhase(doc, b, -1)).toBe(false);
		expect(removePhase(doc, a)).toBe(true);
		expect(readProtocol(doc).phases).toHaveLength(1);
		expect(() => addPhase(doc, { name: ' ', minutes: 5 })).toThrow(RangeError);
	});

	it('seeds the default protocol', () => {
		const doc = new Y.Doc();
		seedDefaultPhases(doc);
		expect(readProtocol(doc).phases.map((p) => p.minutes)).toEqual([10, 5, 15, 10]);
	});

	it('keeps both first phases that two members add at once to a seeded agenda', () => {
		const server = new Y.Doc();
		seedEmptyProtocol(server);
		const a = new Y.Doc();
		const b = new Y.Doc();
		sync(server, a);
		sync(server, b);
		addPhase(a, { name: 'Look at exit tickets', minutes: 10 });
		addPhase(b, { name: 'Plan the reteach', minutes: 15 });
		sync(a, b);
		expect(
			readProtocol(a)
				.phases.map((p) => p.name)
				.sort()
		).toEqual(['Look at exit tickets', 'Plan the reteach']);
		expect(readProtocol(a)).toEqual(readProtocol(b));
	});

	it('reads garbage as an empty protocol without throwing', () => {
		const doc = new Y.Doc();
		doc.getMap('protocol').set('phases', 'nonsense');
		doc.getMap('protocol').set('timer', { phaseId: 'ghost', running: true, startedAt: 'soon' });
		expect(readProtocol(doc)).toEqual({
			phases: [],
			timer: { phaseId: null, startedAt: null, elapsedBeforeMs: 0, running: false }
		});
		const other = new Y.Doc();
		other.getText('protocol').insert(0, 'wrong type');
		expect(readProtocol(other).phases).toEqual([]);
	});
});

describe('the shared timer', () => {
	it('counts down, pauses, resumes, runs over and moves on', () => {
		const doc = new Y.Doc();
		const [first, second] = [
			addPhase(doc, { name: 'One', minutes: 2 }),
			addPhase(doc, { name: 'Two', minutes: 1 })
		];
		startPhase(doc, first, 1_000_000);
		expect(timerState(readProtocol(doc), 1_000_000 + 30_000)).toMatchObject({
			remainingMs: 90_000,
			running: true
		});
		pause(doc, 1_000_000 + 30_000);
		expect(timerState(readProtocol(doc), 1_000_000 + 10 * MINUTE)).toMatchObject({
			remainingMs: 90_000,
			running: false
		});
		resume(doc, 2_000_000);
		const over = timerState(readProtocol(doc), 2_000_000 + 100_000);
		expect(over).toMatchObject({ overtime: true, remainingMs: -10_000 });
		expect(formatCountdown(over.remainingMs)).toBe('+00:10');
		nextPhase(doc, 3_000_000);
		expect(timerState(readProtocol(doc), 3_000_000)).toMatchObject({
			phase: { id: second },
			index: 1,
			remainingMs: MINUTE
		});
		nextPhase(doc, 3_100_000);
		expect(timerState(readProtocol(doc), 3_100_000).phase).toBeNull();
		startPhase(doc, second, 0);
		resetTimer(doc);
		expect(readProtocol(doc).timer.running).toBe(false);
	});

	it('formats whole seconds, rounding a partial second up while counting down', () => {
		expect(formatCountdown(5 * MINUTE)).toBe('05:00');
		expect(formatCountdown(61_500)).toBe('01:02');
		expect(formatCountdown(0)).toBe('00:00');
	});

	it('stays one consistent timer when members press buttons at the same time', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.boolean(), fc.constantFrom('start', 'pause', 'resume', 'next', 'reset')), {
					minLength: 1,
					maxLength: 12
				}),
				(presses) => {
					const a = new Y.Doc();
					const b = new Y.Doc();
					seedDefaultPhases(a);
					sync(a, b);
					let now = 1_000_000;
					for (const [onA, action] of presses) {
						const doc = onA ? a : b;
						now += 1000;
						if (action === 'start') startPhase(doc, readProtocol(doc).phases[1]?.id as string, now);
						if (action === 'pause') pause(doc, now);
						if (action === 'resume') resume(doc, now);
						if (action === 'next') nextPhase(doc, now);
						if (action === 'reset') resetTimer(doc);
					}
					sync(a, b);
					// Both see exactly the same timer, and it is one that a single member could have set.
					expect(readProtocol(a)).toEqual(readProtocol(b));
					const { timer } = readProtocol(a);
					expect(timer.running ? timer.startedAt !== null : timer.startedAt === null).toBe(true);
				}
			)
		);
	});
});
