// A scenario runs several rounds per server (BENCH_ROUNDS, 3 by default; one under BENCH_QUICK), each round
// every server once, in order, so a machine that slows down meanwhile slows every server alike. A target is
// judged on the median of its rounds and shown with their range; a target that is not one number (a loss
// audit, a content check) is met only when every round met it.
import { fmt } from './report.ts';
import type { TargetOutcome, TargetStatus } from './scenario.ts';

export function roundsWanted(quick: boolean): number {
	if (quick) return 1;
	const wanted = Number(process.env.BENCH_ROUNDS ?? 3);
	return Number.isInteger(wanted) && wanted >= 1 ? wanted : 3;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One outcome per target over the rounds (each round's targets in the same order, by name). */
export function combineRounds(rounds: TargetOutcome[][]): TargetOutcome[] {
	if (rounds.length === 1) return rounds[0] ?? [];
	const names = [...new Set(rounds.flatMap((targets) => targets.map((target) => target.target)))];
	return names.map((name) => {
		const outcomes = rounds
			.map((targets) => targets.find((target) => target.target === name))
			.filter((outcome): outcome is TargetOutcome => outcome !== undefined);
		return combine(name, outcomes, rounds.length);
	});
}

function combine(name: string, outcomes: TargetOutcome[], rounds: number): TargetOutcome {
	const statuses = outcomes.map((outcome) => outcome.status);
	const values = outcomes.map((outcome) => outcome.value);
	const limit = outcomes[0]?.limit;
	const numeric =
		outcomes.length === rounds &&
		limit !== undefined &&
		values.every((value): value is number => value !== undefined && Number.isFinite(value));
	const worst = (): TargetStatus | null =>
		statuses.includes('n/a') ? 'n/a' : statuses.includes('void') ? 'void' : null;
	if (numeric) {
		const mid = median(values);
		const status: TargetStatus = worst() ?? (mid <= limit ? 'met' : 'missed');
		return {
			target: name,
			status,
			detail: `median ${fmt(mid)} (range ${fmt(Math.min(...values))}–${fmt(Math.max(...values))}) of ${rounds} rounds; limit ${fmt(limit)}`,
			value: mid,
			limit
		};
	}
	const status: TargetStatus =
		outcomes.length < rounds ? 'n/a' : (worst() ?? (statuses.every((s) => s === 'met') ? 'met' : 'missed'));
	return {
		target: name,
		status,
		detail: `every round: ${outcomes.map((outcome, round) => `${round + 1}) ${outcome.status}, ${outcome.detail}`).join('; ')}`
	};
}
