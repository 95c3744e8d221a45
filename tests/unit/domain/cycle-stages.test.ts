// The moves a coaching cycle may make between stages (docs/design.md §2): one step at a time either way, and
// Complete only by closing.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/domain/errors.ts';
import {
	CYCLE_OUTCOMES,
	CYCLE_STAGES,
	CYCLE_STATUSES,
	cycleOutcomeLabels,
	cycleStageDescriptions,
	cycleStageLabels,
	isCycleOutcome,
	isCycleStage,
	isCycleStatus,
	nextStage,
	planStageChange,
	previousStage,
	type CycleStage
} from '../../../src/lib/domain/cycle-stages.ts';

function refusal(run: () => unknown): AppError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	}
	throw new Error('expected the move to be refused');
}

describe('cycle stages', () => {
	it('run identify → learn → improve → complete, each with a label and a description', () => {
		expect(CYCLE_STAGES).toEqual(['identify', 'learn', 'improve', 'complete']);
		expect(CYCLE_STAGES.map((stage) => cycleStageLabels[stage])).toEqual([
			'Identify',
			'Learn',
			'Improve',
			'Complete'
		]);
		for (const stage of CYCLE_STAGES) {
			expect(cycleStageDescriptions[stage]).toMatch(/^[A-Z].*\.$/);
			expect(cycleStageDescriptions[stage]).not.toContain('\n');
		}
	});

	it('know their neighbours', () => {
		expect(CYCLE_STAGES.map(nextStage)).toEqual(['learn', 'improve', 'complete', null]);
		expect(CYCLE_STAGES.map(previousStage)).toEqual([null, 'identify', 'learn', 'improve']);
	});

	it('recognise only their own names', () => {
		for (const stage of CYCLE_STAGES) expect(isCycleStage(stage)).toBe(true);
		for (const value of ['Identify', 'done', '', null, undefined, 2, ['learn'], { stage: 'learn' }])
			expect(isCycleStage(value)).toBe(false);
	});
});

describe('planStageChange', () => {
	// Every pair of stages, with and without closing, against a hand-written table.
	const allowed: Record<string, 'advance' | 'back'> = {
		'identify→learn': 'advance',
		'learn→improve': 'advance',
		'learn→identify': 'back',
		'improve→learn': 'back',
		'complete→improve': 'back',
		'identify→complete closing': 'advance',
		'learn→complete closing': 'advance',
		'improve→complete closing': 'advance'
	};

	for (const from of CYCLE_STAGES)
		for (const to of CYCLE_STAGES)
			for (const closing of [false, true]) {
				const key = `${from}→${to}${closing ? ' closing' : ''}`;
				const expected = allowed[key];
				it(`${key}: ${expected ?? 'refused'}`, () => {
					if (expected) expect(planStageChange(from, to, { closing })).toBe(expected);
					else {
						const error = refusal(() => planStageChange(from, to, { closing }));
						expect(error.code).toBe('invalid_request');
						expect(error.status).toBe(400);
						expect(error.details?.stage).toBeTruthy();
						expect(error.message).toMatch(/^[A-Z].*\.$/);
					}
				});
			}

	it('explains each refusal in plain English', () => {
		expect(refusal(() => planStageChange('learn', 'learn', {})).message).toBe(
			'The cycle is already in the Learn stage.'
		);
		expect(refusal(() => planStageChange('improve', 'complete', {})).message).toBe(
			'Close the cycle with an outcome to move it to Complete.'
		);
		expect(refusal(() => planStageChange('identify', 'improve', {})).message).toBe(
			'A cycle moves one stage at a time: from Identify it can go to Learn.'
		);
		expect(refusal(() => planStageChange('complete', 'learn', {})).message).toBe(
			'A cycle moves one stage at a time: from Complete it can go to Improve.'
		);
		expect(refusal(() => planStageChange('learn', 'improve', { closing: true })).message).toBe(
			'Closing a cycle moves it to Complete.'
		);
		expect(refusal(() => planStageChange('complete', 'complete', { closing: true })).message).toBe(
			'This cycle is already closed.'
		);
	});

	it('treats a missing options object as not closing', () => {
		expect(planStageChange('identify', 'learn')).toBe('advance');
		expect(() => planStageChange('improve', 'complete')).toThrow(AppError);
	});

	it('refuses names that are not stages, as callers may pass unchecked input', () => {
		const error = refusal(() => planStageChange('identify', 'reflect' as CycleStage, {}));
		expect(error.details).toEqual({ stage: 'Unknown stage.' });
	});
});

describe('cycle status and outcome', () => {
	it('lists the statuses and outcomes with their labels', () => {
		expect(CYCLE_STATUSES).toEqual(['requested', 'active', 'closed', 'declined']);
		expect(CYCLE_OUTCOMES).toEqual(['met', 'partly_met', 'not_met']);
		expect(CYCLE_OUTCOMES.map((outcome) => cycleOutcomeLabels[outcome])).toEqual([
			'Goal met',
			'Goal partly met',
			'Goal not met'
		]);
		expect(isCycleStatus('active')).toBe(true);
		expect(isCycleStatus('declined')).toBe(true);
		expect(isCycleStatus('cancelled')).toBe(false);
		expect(isCycleOutcome('partly_met')).toBe(true);
		expect(isCycleOutcome('partly met')).toBe(false);
	});
});
