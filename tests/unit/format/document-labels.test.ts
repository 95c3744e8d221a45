// Issue 16 §5: a debrief is called a debrief, and the coach's own sealed notes are "Your private notes" to
// the coach alone.
import { describe, expect, it } from 'vitest';
import { documentGroupLabel, documentLabel } from '../../../src/lib/format/document-labels.ts';

describe('documentLabel', () => {
	it('names a debrief after its template, not its kind', () => {
		expect(documentLabel({ kind: 'meeting', template: 'debrief' }, { isCoach: false })).toBe('Debrief');
		expect(documentGroupLabel({ kind: 'meeting', template: 'debrief' }, { isCoach: true })).toBe('Debriefs');
		expect(documentLabel({ kind: 'meeting', template: 'meeting' }, { isCoach: true })).toBe('Meeting notes');
	});

	it('calls the coach’s sealed notes "Your private notes" for the coach only, and only while sealed', () => {
		const notes = { kind: 'meeting', template: 'coach_notes' };
		expect(documentLabel(notes, { isCoach: true })).toBe('Your private notes');
		expect(documentLabel(notes, { isCoach: true, sealed: true })).toBe('Your private notes');
		expect(documentLabel(notes, { isCoach: true, sealed: false })).toBe('Coach’s notes');
		expect(documentLabel(notes, { isCoach: false, sealed: false })).toBe('Coach’s notes');
	});

	it('falls back to the kind, and to "Document" for a kind it does not know', () => {
		expect(documentLabel({ kind: 'lesson_plan', template: null }, { isCoach: false })).toBe('Lesson plan');
		expect(documentLabel({ kind: 'mystery' }, { isCoach: false })).toBe('Document');
	});
});
