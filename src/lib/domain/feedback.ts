// The teacher's feedback on the coaching, asked for after a cycle closes. Coaches see it only anonymously:
// aggregated, and only once enough responses exist that no single answer can be traced to its author.
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

/**
 * Validates a feedback form. Ratings are read from `raw.ratings` when it is an object (JSON), otherwise
 * from the top-level keys (form fields); numeric strings are accepted.
 */
export function parseFeedback(raw: Record<string, unknown>): FeedbackResponse {
	const source = isRecord(raw.ratings) ? raw.ratings : raw;
	const errors: Record<string, string> = {};
	const ratings: Partial<Record<FeedbackKey, number>> = {};
	for (const { key } of FEEDBACK_QUESTIONS) {
		const rating = parseRating(source[key]);
		if (rating === null) errors[key] = 'Choose 1 to 5.';
		else ratings[key] = rating;
	}

	let comment = '';
	if (raw.comment !== undefined && raw.comment !== null) {
		if (typeof raw.comment !== 'string') errors.comment = 'Not text.';
		else {
			comment = cleanText(raw.comment, true);
			if ([...comment].length > FEEDBACK_COMMENT_MAX)
				errors.comment = `Use at most ${FEEDBACK_COMMENT_MAX} characters.`;
		}
	}

	if (Object.keys(errors).length > 0) {
		const messages: string[] = [];
		if (FEEDBACK_KEYS.some((key) => errors[key]))
			messages.push('Answer every question with a rating from 1 to 5.');
		if (errors.comment) messages.push(`A comment is text of at most ${FEEDBACK_COMMENT_MAX} characters.`);
		throw invalid(messages.join(' '), errors);
	}
	return { ratings: ratings as Record<FeedbackKey, number>, comment };
}

function parseRating(raw: unknown): number | null {
	const value = typeof raw === 'string' && /^\s*\d\s*$/.test(raw) ? Number(raw) : raw;
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
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
