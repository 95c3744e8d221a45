// A demonstration lesson: the coach models a lesson while several teachers observe into one document.
// Cycle documents are the pair's alone (docs/design.md §4), so the shared observation belongs to a PLC, whose
// members read and write its documents: a PLC's `observation` document.
import { invalid } from '../../domain/errors.ts';
import { libraryTool } from '../../domain/observation/library.ts';
import { addLibraryTool } from '../../domain/observation/write.ts';
import type { Db } from '../db/client.ts';
import type { Block } from '../documents/content.ts';
import { createDocument, type DocumentRow } from '../documents/documents.ts';
import type { CollaborationControl } from '../runtime.ts';

/** What a demonstration lesson counts unless the coach chooses otherwise. */
export const DEMONSTRATION_TOOLS = ['open-closed', 'talk-time', 'engagement'] as const;

export async function createDemonstrationObservation(
	db: Db,
	collaboration: CollaborationControl,
	input: {
		workspaceId: string;
		plcId: string;
		title?: string;
		createdBy: string;
		/** What the observers watch for; each becomes a heading and a quick tag. */
		lookFors?: readonly string[];
		/** Library tools to start with; by default DEMONSTRATION_TOOLS. */
		tools?: readonly string[];
	}
): Promise<DocumentRow> {
	const title = (input.title ?? '').trim() || 'Demonstration lesson';
	if (title.length > 200)
		throw invalid('A title has 1 to 200 characters.', { title: 'Use 1 to 200 characters.' });
	const tools = input.tools ?? DEMONSTRATION_TOOLS;
	const unknown = tools.filter((key) => libraryTool(key) === null);
	if (unknown.length > 0) throw invalid(`Unknown tools: ${unknown.join(', ')}.`, { tools: 'Unknown tool.' });
	const lookFors = [...new Set((input.lookFors ?? []).map((l) => l.trim().slice(0, 200)).filter(Boolean))];
	const blocks: Block[] = (lookFors.length > 0 ? lookFors : ['Notes']).flatMap((text) => [
		{ type: 'heading' as const, text, level: 2 },
		{ type: 'paragraph' as const, text: '' }
	]);
	const document = await createDocument(db, {
		workspaceId: input.workspaceId,
		plcId: input.plcId,
		kind: 'observation',
		title,
		template: null,
		blocks,
		createdBy: input.createdBy
	});
	if (tools.length > 0) {
		const stamp = { at: new Date(), clock: 'server' as const };
		await collaboration.change(document.id, { userId: input.createdBy }, (doc) => {
			for (const key of tools) addLibraryTool(doc, key, stamp);
		});
	}
	return document;
}
