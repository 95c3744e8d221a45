export const DOCUMENT_KINDS = [
	'note',
	'goal',
	'lesson_plan',
	'observation',
	'meeting',
	'plc_notes',
	'protocol',
	'video'
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const documentKindLabels: Record<DocumentKind, string> = {
	note: 'Note',
	goal: 'Goal',
	lesson_plan: 'Lesson plan',
	observation: 'Observation',
	meeting: 'Meeting notes',
	plc_notes: 'PLC notes',
	protocol: 'Protocol',
	video: 'Lesson video'
};

export function isDocumentKind(value: unknown): value is DocumentKind {
	return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}
