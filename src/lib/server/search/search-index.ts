// Search's copy of what each document says (the `document_search` row, docs/design.md §6): written when a
// document is created, renamed and stored, from the Y.Doc like its action steps. The row goes with the
// document (a foreign key), so a deleted document leaves no text behind.
import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { searchableText } from '../../domain/search-text.ts';
import type { Db } from '../db/client.ts';

/** Replaces the document's searchable text with what its content says now (its title is the row's own). */
export async function indexDocumentText(
	db: Pick<Db, 'execute'>,
	documentId: string,
	text: string
): Promise<void> {
	// From the documents row, so a store that lands after the document was deleted writes nothing.
	await db.execute(sql`insert into "document_search" (document_id, title, body, derived_at)
		select id, title, ${text}, now() from "documents" where id = ${documentId}
		on conflict (document_id) do update set body = excluded.body, derived_at = excluded.derived_at`);
}

/** The row of a new document: its title and the text its template or seed wrote (server-built state). */
export async function indexNewDocument(
	db: Pick<Db, 'execute'>,
	documentId: string,
	title: string,
	state: Uint8Array
): Promise<void> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const text = searchableText(doc);
	doc.destroy();
	await db.execute(sql`insert into "document_search" (document_id, title, body, derived_at)
		values (${documentId}, ${title}, ${text}, now())`);
}

/** A renamed document is found by its new title at once. */
export async function indexTitle(db: Pick<Db, 'execute'>, documentId: string, title: string): Promise<void> {
	await db.execute(sql`update "document_search" set title = ${title} where document_id = ${documentId}`);
}
