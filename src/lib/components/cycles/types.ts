// The shapes cycle components render, as the pages' loads send them. Kept here (not imported from
// $lib/server) so components depend on what they show, not on how the server stores it. Optional fields
// are content (src/lib/domain/content-classification.ts): absent for readers of metadata only (an admin).

export interface PersonView {
	id: string;
	name: string;
}

export interface CycleSummaryView {
	id: string;
	title?: string;
	focus?: string;
	coach: PersonView;
	teacher: PersonView;
	stage: string;
	status: string;
	startDate: string | null;
	targetDate: string | null;
	archived: boolean;
}

export interface CycleDocumentView {
	id: string;
	kind: string;
	title: string;
	/** The template it started from: a debrief and the coach's notes are named after it. */
	template?: string | null;
}

export interface ActivityView {
	id: string;
	cycleId: string;
	cycleTitle?: string;
	type: string;
	typeLabel: string;
	title?: string;
	startsAt: string;
	durationMinutes: number;
	location?: string;
	cancelled: boolean;
	notesDocumentId: string | null;
	participants: PersonView[];
	documents?: CycleDocumentView[];
}

export interface ActionStepView {
	id: string;
	documentId: string;
	documentTitle: string;
	cycleId: string | null;
	cycleTitle: string | null;
	text: string;
	owner: PersonView | null;
	due: string | null;
	done: boolean;
	status: 'done' | 'overdue' | 'due_this_week' | 'later' | 'no_date';
}

export interface StageEventView {
	id: string;
	fromStage: string | null;
	toStage: string;
	actor: PersonView | null;
	note?: string;
	at: string;
}

/** A failed form action's payload (see formFailure). */
export interface FormFailureView {
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}
