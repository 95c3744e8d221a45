// The teacher's feedback on the coaching: validated on the way in, and shown to coaches only anonymously,
// aggregated over enough responses that no answer points to its author.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/domain/errors.ts';
import {
	FEEDBACK_KEYS,
	FEEDBACK_MINIMUM_RESPONSES,
	FEEDBACK_QUESTIONS,
	parseFeedback,
	summarizeFeedback,
	type FeedbackKey,
	type FeedbackResponse
} from '../../../src/lib/domain/feedback.ts';

function refusal(run: () => unknown): AppError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	}
	throw new Error('expected the feedback to be refused');
}

function response(values: [number, number, number, number], comment = ''): FeedbackResponse {
	const ratings = Object.fromEntries(FEEDBACK_KEYS.map((key, index) => [key, values[index]])) as Record<
		FeedbackKey,
		number
	>;
	return { ratings, comment };
}

describe('feedback questions', () => {
	it('are four Likert statements with distinct keys', () => {
		expect(FEEDBACK_QUESTIONS).toHaveLength(4);
		expect(FEEDBACK_QUESTIONS.map((question) => question.key)).toEqual([...FEEDBACK_KEYS]);
		expect(new Set(FEEDBACK_KEYS).size).toBe(4);
		for (const { prompt } of FEEDBACK_QUESTIONS) expect(prompt).toMatch(/^[A-Z].*\.$/);
		expect(FEEDBACK_MINIMUM_RESPONSES).toBe(3);
	});
});

describe('parseFeedback', () => {
	const form = {
		reachedGoal: '4',
		feltSafe: '5',
		goodUseOfTime: '3',
		wouldReturn: '5',
		comment: '  Thank you!  '
	};

	it('reads form fields, numbers as strings, and trims the comment', () => {
		expect(parseFeedback(form)).toEqual({
			ratings: { reachedGoal: 4, feltSafe: 5, goodUseOfTime: 3, wouldReturn: 5 },
			comment: 'Thank you!'
		});
	});

	it('reads JSON with nested ratings, and the comment is optional', () => {
		expect(
			parseFeedback({ ratings: { reachedGoal: 1, feltSafe: 2, goodUseOfTime: 3, wouldReturn: 4 } })
		).toEqual({
			ratings: { reachedGoal: 1, feltSafe: 2, goodUseOfTime: 3, wouldReturn: 4 },
			comment: ''
		});
	});

	it('requires every rating as a whole number from 1 to 5', () => {
		for (const bad of [undefined, '', 0, 6, 2.5, '2.5', '10', 'five', null, true, [3]]) {
			const error = refusal(() => parseFeedback({ ...form, feltSafe: bad }));
			expect(error.code).toBe('invalid_request');
			expect(error.details).toEqual({ feltSafe: 'Choose 1 to 5.' });
			expect(error.message).toBe('Answer every question with a rating from 1 to 5.');
		}
		for (const good of [1, 5, '1', ' 5 '])
			expect(parseFeedback({ ...form, feltSafe: good }).ratings.feltSafe).toBe(Number(good));
	});

	it('reports every missing answer at once', () => {
		const error = refusal(() => parseFeedback({ comment: 42 }));
		expect(Object.keys(error.details ?? {}).sort()).toEqual([...FEEDBACK_KEYS, 'comment'].sort());
	});

	it('keeps comments to 1000 characters after trimming, an emoji counting as one', () => {
		expect(parseFeedback({ ...form, comment: ` ${'🙂'.repeat(1000)} ` }).comment).toBe('🙂'.repeat(1000));
		expect(parseFeedback({ ...form, comment: 'line one\r\nline two' }).comment).toBe('line one\nline two');
		const error = refusal(() => parseFeedback({ ...form, comment: 'x'.repeat(1001) }));
		expect(error.details).toEqual({ comment: 'Use at most 1000 characters.' });
	});
});

describe('summarizeFeedback', () => {
	it('reveals nothing but the count below three responses', () => {
		expect(summarizeFeedback([])).toEqual({ count: 0, hidden: true, needed: 3 });
		expect(summarizeFeedback([response([5, 5, 5, 5], 'Only me')])).toEqual({
			count: 1,
			hidden: true,
			needed: 2
		});
		const two = summarizeFeedback([response([1, 2, 3, 4], 'Secret'), response([5, 5, 5, 5])]);
		expect(two).toEqual({ count: 2, hidden: true, needed: 1 });
		expect(JSON.stringify(two)).not.toContain('Secret');
	});

	it('summarizes three or more: one-decimal averages, distributions and sorted comments', () => {
		const summary = summarizeFeedback([
			response([5, 4, 3, 5], 'zest for the work'),
			response([4, 4, 2, 5], '  '),
			response([4, 5, 3, 4], 'Always prepared.'),
			response([3, 5, 3, 5], 'better data talks')
		]);
		expect(summary).toEqual({
			count: 4,
			averages: { reachedGoal: 4, feltSafe: 4.5, goodUseOfTime: 2.8, wouldReturn: 4.8 },
			distribution: {
				reachedGoal: [0, 0, 1, 2, 1],
				feltSafe: [0, 0, 0, 2, 2],
				goodUseOfTime: [0, 1, 3, 0, 0],
				wouldReturn: [0, 0, 0, 1, 3]
			},
			comments: ['Always prepared.', 'better data talks', 'zest for the work']
		});
	});

	it('orders comments the same whatever order the responses arrive in', () => {
		const responses = [
			response([5, 5, 5, 5], 'Écoute'),
			response([4, 4, 4, 4], 'apple'),
			response([3, 3, 3, 3], 'Banana'),
			response([2, 2, 2, 2], 'eagle')
		];
		const forward = summarizeFeedback(responses);
		const backward = summarizeFeedback([...responses].reverse());
		expect(forward).toEqual(backward);
		expect('comments' in forward && forward.comments).toEqual(['apple', 'Banana', 'eagle', 'Écoute']);
	});

	it('honours a higher minimum, and never reveals an aggregate of nothing', () => {
		const three = [response([1, 1, 1, 1]), response([2, 2, 2, 2]), response([3, 3, 3, 3])];
		expect(summarizeFeedback(three, 5)).toEqual({ count: 3, hidden: true, needed: 2 });
		expect(summarizeFeedback([], 0)).toEqual({ count: 0, hidden: true, needed: 1 });
		expect(summarizeFeedback([response([2, 2, 2, 2])], 1)).toMatchObject({
			count: 1,
			averages: { feltSafe: 2 }
		});
	});

	it('is consistent with the responses for any set of three or more (property)', () => {
		const rating = fc.integer({ min: 1, max: 5 });
		const anyResponse = fc.record({
			ratings: fc.record({
				reachedGoal: rating,
				feltSafe: rating,
				goodUseOfTime: rating,
				wouldReturn: rating
			}),
			comment: fc.string({ maxLength: 30 })
		});
		fc.assert(
			fc.property(fc.array(anyResponse, { maxLength: 40 }), (responses) => {
				const summary = summarizeFeedback(responses);
				expect(summary.count).toBe(responses.length);
				if ('hidden' in summary) {
					expect(responses.length).toBeLessThan(3);
					expect(Object.keys(summary).sort()).toEqual(['count', 'hidden', 'needed']);
					return;
				}
				expect(responses.length).toBeGreaterThanOrEqual(3);
				for (const key of FEEDBACK_KEYS) {
					const counts = summary.distribution[key];
					expect(counts).toHaveLength(5);
					expect(counts.reduce((a, b) => a + b, 0)).toBe(responses.length);
					const mean = responses.reduce((sum, r) => sum + r.ratings[key], 0) / responses.length;
					expect(Math.abs(summary.averages[key] - mean)).toBeLessThanOrEqual(0.05 + 1e-9);
					expect(Number(summary.averages[key].toFixed(1))).toBe(summary.averages[key]);
				}
				expect(summary.comments).toEqual(
					expect.arrayContaining(responses.map((r) => r.comment.trim()).filter(Boolean))
				);
				expect(summary.comments).toHaveLength(responses.filter((r) => r.comment.trim()).length);
			})
		);
	});
});
