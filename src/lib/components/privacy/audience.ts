// Who reads what a person types, in the product's words (issue 13). The rules are can() and the content
// classification (src/lib/domain/content-classification.ts); these sentences only say what they decide.
import { joinNames } from './words';

/** "Casey Coach and Taylor Teacher". */
export function pairOf(cycle: { coach: { name: string }; teacher: { name: string } }): string {
	return joinNames([cycle.coach.name, cycle.teacher.name]);
}

export const audience = {
	stageNote: (pair: string) => `Only ${pair} read this note. Admins see that the cycle moved, never why.`,
	closing: (pair: string) =>
		`Only ${pair} read these notes and the final measurement. Admins see the outcome (met, partly met or not met), never the notes.`,
	cycleDetails: (pair: string) =>
		`Only ${pair} see the title and focus. Admins see the stage and dates, not these words.`,
	newCycle: () =>
		'Only you and the person you pair with see the title and focus. Admins see the stage and dates, not these words.',
	activity: (pair: string) =>
		`Only ${pair} see the title and place. Others invited, and admins, see only the kind of activity and its time.`,
	feedback: (coach: string) =>
		`Anonymous: ${coach} sees answers only pooled with at least two other teachers’ and never who wrote them. Admins never see them.`,
	documentPart: () => 'Readable by the same people as this document, and nobody else.',
	comment: () => 'Comments are read by everyone who can read this document, and nobody else.',
	versionName: () => 'Everyone who can read this document sees its version names.',
	releaseNote: () => 'Only you and the person you release to read this note.',
	plcGroup: () =>
		'The group’s name and who is in it are seen by coaches and admins. The description and the documents are read by the members only.',
	plcMembers: () =>
		'Who is in the group decides who reads its documents. Every change, and who made it, is shown to the members.'
} as const;
