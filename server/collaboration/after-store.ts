// After a document's state is stored: record who edited it last. Later: derived data and versions.
import { eq, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Db } from '../../src/lib/server/db/client.ts';
import { documents } from '../../src/lib/server/db/schema.ts';

export async function afterDocumentStored(
	db: Db,
	documentId: string,
	_document: Y.Doc,
	lastEditorId: string | null
): Promise<void> {
	if (!lastEditorId) return;
	await db
		.update(documents)
		.set({ updatedAt: sql`now()`, updatedBy: lastEditorId })
		.where(eq(documents.id, documentId));
}
