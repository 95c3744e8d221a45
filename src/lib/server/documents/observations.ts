// An observation created from a lesson plan: the plan's look-fors become the observation's headings, so
// the coach writes each note under what they agreed to watch.
import * as Y from 'yjs';
import { AppError } from '../../domain/errors.ts';
import { lookForsFrom } from '../../domain/look-fors.ts';
import type { Db } from '../db/client.ts';
import type { CollaborationControl } from '../runtime.ts';
import type { Block } from './content.ts';
import { createDocument, type DocumentRow } from './documents.ts';

export async function createObservationFromPlan(
	db: Db,
	collaboration: CollaborationControl,
	plan: DocumentRow,
	createdBy: string
): Promise<DocumentRow> {
	if (plan.kind !== 'lesson_plan' || !plan.cycleId)
		throw new AppError('invalid_request', 'Observations are created from a cycle’s lesson plan.');
	// What the two of them see now, including edits not yet compacted.
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await collaboration.currentState(plan.id));
	const lookFors = lookForsFrom(doc);
	doc.destroy();
	const blocks: Block[] = lookFors.length
		? lookFors.flatMap((lookFor) => [
				{ type: 'heading' as const, text: lookFor, level: 2 },
				{ type: 'paragraph' as const, text: '' }
			])
		: [
				{ type: 'heading', text: 'Notes', level: 2 },
				{ type: 'paragraph', text: '' }
			];
	return createDocument(db, {
		workspaceId: plan.workspaceId,
		cycleId: plan.cycleId,
		kind: 'observation',
		title: `Observation: ${plan.title}`.slice(0, 200),
		template: null,
		blocks,
		sourceDocumentId: plan.id,
		createdBy
	});
}
