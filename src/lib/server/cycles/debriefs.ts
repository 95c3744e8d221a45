// A debrief is two documents (docs/design.md §4): the shared debrief the coach and teacher write together,
// and the coach's own notes beside it (`audience = 'coach'`, `companion_of` the debrief), sealed from the
// teacher until the teacher chooses to open them. Made the same way from the cycle page's "New debrief"
// and from a scheduled debrief's notes.
import type { Db } from '../db/client.ts';
import { createDocument, type DocumentRow } from '../documents/documents.ts';

export async function createDebrief(
	db: Db,
	input: { workspaceId: string; cycleId: string; coachId: string; title: string; createdBy: string }
): Promise<DocumentRow> {
	return db.transaction(async (tx) => {
		const debrief = await createDocument(tx, {
			workspaceId: input.workspaceId,
			cycleId: input.cycleId,
			kind: 'meeting',
			title: input.title,
			template: 'debrief',
			createdBy: input.createdBy
		});
		await createDocument(tx, {
			workspaceId: input.workspaceId,
			cycleId: input.cycleId,
			kind: 'meeting',
			title: `Coach's notes: ${input.title}`.slice(0, 200),
			template: 'coach_notes',
			audience: 'coach',
			companionOf: debrief.id,
			// The coach's own, whoever opened the debrief.
			createdBy: input.coachId
		});
		return debrief;
	});
}
