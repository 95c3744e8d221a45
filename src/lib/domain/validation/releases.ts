// What a teacher sends to release frozen snapshots to one reader.
import { z } from 'zod';
import { id, idList } from './ids.ts';
import { text } from './text.ts';

export const RELEASE_MAX_DOCUMENTS = 20;
const documentsMessage = `Choose 1 to ${RELEASE_MAX_DOCUMENTS} documents to release.`;

export const newRelease = z.object({
	documentIds: idList({ max: RELEASE_MAX_DOCUMENTS, message: documentsMessage }).refine(
		(ids) => ids.length > 0,
		{ error: documentsMessage }
	),
	recipientId: id('Release to another active member of this workspace.'),
	note: text({ max: 1000, multiline: true, truncate: true, message: 'The note is text.' })
});
