// What a document is called where it is listed or opened: its kind, except where the template says more
// (issue 16 §5). A debrief is a meeting by kind but is called a debrief; the coach's notes that come with
// a debrief are, to the coach while the teacher has not opened them, "Your private notes", so the coach
// sees at a glance that nobody else reads them.
import { documentKindLabels, isDocumentKind } from '../domain/documents.ts';

export interface LabelledDocument {
	kind: string;
	template?: string | null;
}

export interface LabelViewer {
	/** The viewer is the cycle's coach. */
	isCoach: boolean;
	/** The document is the coach's notes and still sealed from the teacher; unknown counts as sealed. */
	sealed?: boolean;
}

export function documentLabel(document: LabelledDocument, viewer: LabelViewer): string {
	if (document.template === 'debrief') return 'Debrief';
	if (document.template === 'coach_notes')
		return viewer.isCoach && viewer.sealed !== false ? 'Your private notes' : 'Coach’s notes';
	return isDocumentKind(document.kind) ? documentKindLabels[document.kind] : 'Document';
}

/** The heading of a group of such documents in a list. */
export function documentGroupLabel(document: LabelledDocument, viewer: LabelViewer): string {
	if (document.template === 'debrief') return 'Debriefs';
	return documentLabel(document, viewer);
}
