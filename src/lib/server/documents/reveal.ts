// The staged debrief reveal: the coach's notes stay sealed until the teacher chooses to open them.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { documents } from '../db/schema.ts';

export async function revealDocument(db: Db, documentId: string, at = new Date()): Promise<void> {
	await db
		.update(documents)
		.set({ revealedAt: at })
		.where(and(eq(documents.id, documentId), eq(documents.audience, 'coach'), isNull(documents.revealedAt)));
}

/** The sealed-or-opened companion of a document (a debrief's coach notes), if it has one. */
export async function companionOf(db: Db, documentId: string) {
	const [companion] = await db
		.select({
			id: documents.id,
			title: documents.title,
			revealedAt: documents.revealedAt,
			audience: documents.audience
		})
		.from(documents)
		.where(eq(documents.companionOf, documentId));
	return companion ?? null;
}
