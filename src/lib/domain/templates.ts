// The templates cycle documents start from: headings with a guiding line under each, which the coach and
// teacher write over. Templates seed the server-side state once (never the client; see content.ts).
import type * as Y from 'yjs';
import type { DocumentKind } from './documents.ts';
import { seedDefaultPhases, seedEmptyProtocol } from './protocol.ts';

export const DOCUMENT_TEMPLATES = [
	'goal',
	'lesson_plan',
	'pre_conference',
	'debrief',
	'coach_notes',
	'meeting',
	'plc_agenda',
	'plc_notes',
	'plc_protocol'
] as const;
export type DocumentTemplate = (typeof DOCUMENT_TEMPLATES)[number];

export interface TemplateBlock {
	type: 'heading' | 'paragraph';
	text: string;
	level?: number;
}

export interface TemplateDefinition {
	kind: DocumentKind;
	label: string;
	defaultTitle: string;
	blocks: TemplateBlock[];
	/** Structured content the template starts with, beside the body (a protocol's phases). */
	seed?: (doc: Y.Doc) => void;
}

/** The heading under which a lesson plan lists its look-fors; observations read the lines below it. */
export const LOOK_FORS_HEADING = 'Look-fors for the coach';

function sections(entries: [heading: string, prompt: string][]): TemplateBlock[] {
	return entries.flatMap(([heading, prompt]) => [
		{ type: 'heading' as const, text: heading, level: 2 },
		{ type: 'paragraph' as const, text: prompt }
	]);
}

export const documentTemplates: Record<DocumentTemplate, TemplateDefinition> = {
	goal: {
		kind: 'goal',
		label: 'Goal',
		defaultTitle: 'Goal',
		blocks: sections([
			['Why this goal', 'What did we notice in the classroom or in student work that led here?'],
			['Strategy', 'Which teaching move will we try, and why do we think it will help?']
		])
	},
	lesson_plan: {
		kind: 'lesson_plan',
		label: 'Lesson plan',
		defaultTitle: 'Lesson plan',
		blocks: sections([
			['Objective', 'Students will be able to …'],
			['Standards', 'Which standards does this lesson address?'],
			['Materials', 'What do the teacher and the students need?'],
			['Sequence', '0–5 min: … · 5–20 min: … · 20–35 min: … · 35–45 min: …'],
			['Checks for understanding', 'How will we know, during the lesson, who has got it?'],
			['Differentiation', 'Supports and extensions for students who need them.'],
			[LOOK_FORS_HEADING, 'One look-for per line: what the coach should watch and count.']
		])
	},
	pre_conference: {
		kind: 'meeting',
		label: 'Pre-conference',
		defaultTitle: 'Pre-conference',
		blocks: sections([
			['Lesson and goal focus', 'Which lesson, and how does it connect to the goal?'],
			['What the coach will look for', 'The look-fors we agree on.'],
			['Data to collect', 'What will the coach count or write down, and how?'],
			['Logistics', 'When, where, and where the coach will sit.']
		])
	},
	debrief: {
		kind: 'meeting',
		label: 'Debrief',
		defaultTitle: 'Debrief',
		blocks: sections([
			["Teacher's reflection", 'Written first, by the teacher: how did it go? What did you notice?'],
			['What went well', 'Moments worth keeping, with evidence.'],
			['Data against the target', 'What did the data show, compared with the goal’s target?'],
			['Next steps', 'What we will try next. Add each as an action step below.']
		])
	},
	coach_notes: {
		kind: 'meeting',
		label: "Coach's debrief notes",
		defaultTitle: "Coach's notes",
		blocks: sections([
			['What I noticed', 'Evidence from the observation, in plain description.'],
			['Questions to ask', 'Questions that help the teacher reflect.'],
			['Suggested next steps', 'Ideas to offer once the teacher has shared theirs.']
		])
	},
	meeting: {
		kind: 'meeting',
		label: 'Meeting notes',
		defaultTitle: 'Meeting notes',
		blocks: sections([
			['Agenda', 'What we want to talk about.'],
			['Notes', ''],
			['Next steps', 'Add each as an action step below.']
		])
	},
	plc_agenda: {
		kind: 'plc_notes',
		label: 'Agenda',
		defaultTitle: 'Agenda',
		blocks: sections([
			['Purpose', 'What this meeting is for, in one line.'],
			['Norms', 'The agreements we hold each other to.'],
			['Items', 'Each item with its owner and minutes.'],
			['Team action steps', 'Add each as an action step below: what, who, by when.']
		]),
		// Its items are timed with the protocol timer; the group adds them.
		seed: seedEmptyProtocol
	},
	plc_notes: {
		kind: 'plc_notes',
		label: 'Meeting notes',
		defaultTitle: 'PLC meeting notes',
		blocks: sections([
			['Who is here', ''],
			['What we looked at', 'Student work, data, a lesson.'],
			['What we noticed', ''],
			['Team action steps', 'Add each as an action step below: what, who, by when.']
		])
	},
	plc_protocol: {
		kind: 'protocol',
		label: 'Protocol',
		defaultTitle: 'Looking at student work',
		blocks: sections([
			['The work', 'What the presenter brings, and the question they want help with.'],
			['Notes', 'What the group said, phase by phase.'],
			['Team action steps', 'Add each as an action step below.']
		]),
		seed: seedDefaultPhases
	}
};

export function isDocumentTemplate(value: unknown): value is DocumentTemplate {
	return typeof value === 'string' && (DOCUMENT_TEMPLATES as readonly string[]).includes(value);
}

/** The template a new document of this kind starts from when none is named. */
export function defaultTemplateFor(kind: DocumentKind): DocumentTemplate | null {
	switch (kind) {
		case 'goal':
			return 'goal';
		case 'lesson_plan':
			return 'lesson_plan';
		case 'meeting':
			return 'meeting';
		case 'plc_notes':
			return 'plc_notes';
		case 'protocol':
			return 'plc_protocol';
		default:
			return null;
	}
}
