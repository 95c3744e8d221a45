// The shapes the dashboards render, as the home page's load sends them.
import type { CycleSummaryView } from '$lib/components/cycles/types';

export interface MeasurementView {
	id: string;
	/** 'YYYY-MM-DD' */
	date: string;
	value: number;
	note: string;
	source: string;
}

export interface GoalView {
	documentId: string;
	statement: string;
	metric: string;
	baseline: number | null;
	target: number | null;
	due: string | null;
	measurements: MeasurementView[];
}

export interface CaseloadEntryView {
	cycle: CycleSummaryView;
	lastContact: string | null;
	nextActivity: { id: string; title: string; typeLabel: string; startsAt: string } | null;
}

/** Either enough responses to show, or only how many there are (see summarizeFeedback). */
export type FeedbackSummaryView =
	| { count: number; hidden: true; needed: number }
	| {
			count: number;
			averages: Record<string, number>;
			distribution: Record<string, number[]>;
			comments: string[];
	  };

export interface AdminDashboardView {
	cyclesByStage: { stage: string; count: number }[];
	requestedCount: number;
	closedCount: number;
	activityCounts: { type: string; label: string; count: number; minutes: number }[];
	coaches: { id: string; name: string; activeCycles: number; minutes: number }[];
	since: string;
}
