// "Edited 2 minutes ago by Ana" on every document list: the stamp is written after each store. When many
// documents store in the same second (a school's morning, a PLC session ending), the stamps go out as one
// statement per batch instead of one round trip each.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { GroupWriter } from '../db/group-writer.ts';

interface LastEdit {
	documentId: string;
	/** Null for a change nobody made in person (a server-side change): the previous editor stays. */
	editorId: string | null;
}

export class LastEdits {
	private readonly writer: GroupWriter<LastEdit>;

	constructor(db: Db, maxBatch: number) {
		this.writer = new GroupWriter((batch) => db.execute(stampBatch(batch)).then(() => undefined), maxBatch);
	}

	/** Resolves once the document's edit time (and editor, when known) is committed. */
	stamp(documentId: string, editorId: string | null): Promise<void> {
		return this.writer.add({ documentId, editorId });
	}
}

/** One row per document: the latest editor in the batch wins, as it would have one statement at a time. */
function stampBatch(batch: readonly LastEdit[]) {
	const latest = new Map<string, string | null>();
	for (const { documentId, editorId } of batch)
		latest.set(documentId, editorId ?? latest.get(documentId) ?? null);
	return sql`update "documents" as d
		set updated_at = now(), updated_by = coalesce(stamp.editor_id, d.updated_by)
		from unnest(${sql.param([...latest.keys()])}::text[], ${sql.param([...latest.values()])}::text[])
			as stamp(document_id, editor_id)
		where d.id = stamp.document_id`;
}
