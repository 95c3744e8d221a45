// A goal's baseline and target as coaches write them: "35%", "4 students", "3 of 24 students", "3/24",
// or a bare number. The typed text is what people see; the number is what charts and progress use.
// In a ratio the number is the count ("3 of 24 students" is 3), because a goal's measurements count
// the same thing ("6 students explained their reasoning"), and the whole ("of 24") is kept beside it.

export interface GoalAmount {
	/** As typed, trimmed: shown to people. */
	text: string;
	/** The number charts and progress use. */
	value: number;
	/** What is counted or measured ("%", "students"), '' for none. */
	unit: string;
	/** The whole of a ratio ("of 24"), or null. */
	of: number | null;
}

export type GoalAmountReading = { ok: true; amount: GoalAmount | null } | { ok: false; error: string };

export const GOAL_AMOUNT_MAX = 60;

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d+)?|\.\d+)`;
const RATIO = new RegExp(String.raw`^(${NUMBER})\s*(?:/|out of|of)\s*(${NUMBER})(?:\s+(.*))?$`, 'i');
// A unit is "%" or a word after a space ("4 students"; "1e400" is no number with a unit).
const WITH_UNIT = new RegExp(String.raw`^(${NUMBER})(?:\s*(%)|\s+([^\d\s.,+-].*))?$`, 'i');

/** Reads what a coach typed as a baseline or target; an empty field is `amount: null`. */
export function parseGoalAmount(raw: string): GoalAmountReading {
	const text = raw.trim().replace(/\s+/g, ' ');
	if (text === '') return { ok: true, amount: null };
	if (text.length > GOAL_AMOUNT_MAX)
		return {
			ok: false,
			error: `Keep it under ${GOAL_AMOUNT_MAX} characters, like "35%" or "3 of 24 students".`
		};
	const ratio = RATIO.exec(text);
	if (ratio) {
		const value = Number(ratio[1]);
		const of = Number(ratio[2]);
		if (!(of > 0)) return { ok: false, error: 'The whole of a ratio must be more than 0, like "3 of 24".' };
		if (value < 0 || value > of) return { ok: false, error: `The count must be between 0 and ${of}.` };
		return { ok: true, amount: { text, value, unit: (ratio[3] ?? '').trim(), of } };
	}
	const single = WITH_UNIT.exec(text);
	if (single) {
		const value = Number(single[1]);
		if (Number.isFinite(value))
			return { ok: true, amount: { text, value, unit: (single[2] ?? single[3] ?? '').trim(), of: null } };
	}
	return { ok: false, error: 'Start with a number, like 40, "35%" or "3 of 24 students".' };
}

/** A stored baseline or target: a number (older documents, the server) or the typed text; null when unreadable. */
export function readGoalAmount(stored: unknown): GoalAmount | null {
	if (typeof stored === 'number') {
		return Number.isFinite(stored) ? { text: String(stored), value: stored, unit: '', of: null } : null;
	}
	if (typeof stored !== 'string') return null;
	const reading = parseGoalAmount(stored);
	return reading.ok ? reading.amount : null;
}
