// The teacher's feedback on the coaching, asked for after a cycle closes. Coaches see it only anonymously:
// aggregated, and only once enough responses exist that no single answer can be traced to its author.
import { z } from 'zod';
import { fieldErrors } from './validation/parse.ts';
import { cleanText } from './validation/text.ts';
import { invalid } from './errors.ts';

export const FEEDBACK_KEYS = ['reachedGoal', 'feltSafe', 'goodUseOfTime', 'wouldReturn'] as const;
export type FeedbackKey = (typeof FEEDBACK_KEYS)[number];

/** Likert items, answered 1 (strongly disagree) to 5 (strongly agree). */
export const FEEDBACK_QUESTIONS: readonly { key: FeedbackKey; prompt: string }[] = [
	{ key: 'reachedGoal', prompt: 'The coaching helped me reach my goal for students.' },
	{ key: 'feltSafe', prompt: 'I felt safe to be honest about what was hard.' },
	{ key: 'goodUseOfTime', prompt: 'Our meetings were a good use of my time.' },
	{ key: 'wouldReturn', prompt: 'I would choose to work with a coach again.' }
];

export const FEEDBACK_SCALE = [
	{ value: 1, label: 'Strongly disagree' },
	{ value: 2, label: 'Disagree' },
	{ value: 3, label: 'Neither agree nor disagree' },
	{ value: 4, label: 'Agree' },
	{ value: 5, label: 'Strongly agree' }
] as const;

export const FEEDBACK_MINIMUM_RESPONSES = 3;
export const FEEDBACK_COMMENT_MAX = 1000;

export interface FeedbackResponse {
	ratings: Record<FeedbackKey, number>;
	comment: string;
}

const RATING_ERROR = 'Choose 1 to 5.';
// Form fields arrive as strings: ' 5 ' is a 5, '2.5' and 'five' are not ratings.
const rating = z.preprocess(
	(raw) => (typeof raw === 'string' && /^\s*\d\s*$/.test(raw) ? Number(raw) : raw),
	z
		.number({ error: RATING_ERROR })
		.int({ error: RATING_ERROR })
		.min(1, { error: RATING_ERROR })
		.max(5, { error: RATING_ERROR })
);
const ratings = z.object({
	reachedGoal: rating,
	feltSafe: rating,
	goodUseOfTime: rating,
	wouldReturn: rating
} satisfies Record<FeedbackKey, typeof rating>);
const comment = z.preprocess(
	(raw) => raw ?? '',
	z
		.string({ error: 'Not text.' })
		.transform((text) => cleanText(text, true))
		// Counted in code points, as a person counts: an emoji is one character.
		.refine((text) => [...text].length <= FEEDBACK_COMMENT_MAX, {
			error: `Use at most ${FEEDBACK_COMMENT_MAX} characters.`
		})
);

/**
 * Validates a feedback form, every field at once. Ratings are read from `raw.ratings` when it is an object
 * (JSON), otherwise from the top-level keys (form fields).
 */
export function parseFeedback(raw: Record<string, unknown>): FeedbackResponse {
	const answers = ratings.safeParse(isRecord(raw.ratings) ? raw.ratings : raw);
	const text = comment.safeParse(raw.comment);
	if (answers.success && text.success) return { ratings: answers.data, comment: text.data };
	const errors = {
		...(answers.success ? {} : fieldErrors(answers.error)),
		...(text.success ? {} : fieldErrors(text.error, 'comment'))
	};
	const messages: string[] = [];
	if (!answers.success) messages.push('Answer every question with a rating from 1 to 5.');
	if (!text.success) messages.push(`A comment is text of at most ${FEEDBACK_COMMENT_MAX} characters.`);
	throw invalid(messages.join(' '), errors);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface FeedbackSummary {
	count: number;
	/** Mean rating per question, to one decimal. */
	averages: Record<FeedbackKey, number>;
	/** Per question, how many answered 1, 2, 3, 4 and 5 (index 0 is the count of 1s). */
	distribution: Record<FeedbackKey, number[]>;
	/** Non-empty comments in alphabetical order, so their order says nothing about who wrote when. */
	comments: string[];
}

/** Too few responses to stay anonymous: only how many exist, and how many more are needed. */
export interface HiddenFeedbackSummary {
	count: number;
	hidden: true;
	needed: number;
}

/** Narrow with `'hidden' in summary`. */
export function summarizeFeedback(
	responses: readonly FeedbackResponse[],
	minimum: number = FEEDBACK_MINIMUM_RESPONSES
): FeedbackSummary | HiddenFeedbackSummary {
	const count = responses.length;
	// Never reveal an aggregate of nothing, whatever minimum is asked for.
	const threshold = Math.max(1, Math.ceil(minimum));
	if (count < threshold) return { count, hidden: true, needed: threshold - count };

	const averages = {} as Record<FeedbackKey, number>;
	const distribution = {} as Record<FeedbackKey, number[]>;
	for (const key of FEEDBACK_KEYS) {
		const counts = [0, 0, 0, 0, 0];
		let sum = 0;
		for (const response of responses) {
			const rating = response.ratings[key];
			sum += rating;
			counts[rating - 1] = (counts[rating - 1] ?? 0) + 1;
		}
		averages[key] = Math.round((sum * 10) / count) / 10;
		distribution[key] = counts;
	}

	const comments = responses
		.map((response) => response.comment.trim())
		.filter((comment) => comment.length > 0)
		.sort(compareComments);
	return { count, averages, distribution, comments };
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

function compareComments(a: string, b: string): number {
	return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
