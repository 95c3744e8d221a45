// After each store: who edited the document last, and automatic versions — when the last editor leaves,
// and at least every 10 minutes of continuous editing.
import type { Extension, afterStoreDocumentPayload, onChangePayload } from '@hocuspocus/server';
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { documents } from '../../src/lib/server/db/schema.ts';
import {
	createVersion,
	latestVersionAt,
	VERSION_INTERVAL_MS
} from '../../src/lib/server/documents/versions.ts';
import type { ConnectionContext } from './context.ts';

export class EditTracking implements Extension {
	extensionName = 'tandem-edit-tracking';
	/** Who changed each document since its last store. */
	private readonly editedSinceStore = new Map<string, string | null>();
	/** Who changed each document since its last version. */
	private readonly editedSinceVersion = new Map<string, string | null>();

	constructor(
		private readonly db: Db,
		private readonly onError: (message: string, error: unknown) => void
	) {}

	async onChange({ documentName, context }: onChangePayload): Promise<void> {
		const acting = context as ConnectionContext | undefined;
		const userId = acting?.user?.id ?? acting?.actingUserId ?? null;
		this.editedSinceStore.set(documentName, userId);
		this.editedSinceVersion.set(documentName, userId);
	}

	async afterStoreDocument({ documentName, document }: afterStoreDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		// Counted now: the payload's clientsCount dates from the edit that scheduled this store.
		const clientsCount = document.getConnectionsCount();
		try {
			if (this.editedSinceStore.has(documentName)) {
				const editor = this.editedSinceStore.get(documentName) ?? null;
				this.editedSinceStore.delete(documentName);
				await this.db
					.update(documents)
					.set({ updatedAt: sql`now()`, ...(editor ? { updatedBy: editor } : {}) })
					.where(eq(documents.id, documentId));
			}
			if (this.editedSinceVersion.has(documentName)) {
				const editor = this.editedSinceVersion.get(documentName) ?? null;
				const lastVersion = await latestVersionAt(this.db, documentId);
				const intervalPassed = !lastVersion || Date.now() - lastVersion.getTime() >= VERSION_INTERVAL_MS;
				if (clientsCount === 0 || intervalPassed) {
					this.editedSinceVersion.delete(documentName);
					await createVersion(this.db, {
						documentId,
						state: Y.encodeStateAsUpdate(document),
						reason: clientsCount === 0 ? 'last-editor-left' : 'interval',
						createdBy: editor
					});
				}
			}
		} catch (error) {
			// Bookkeeping must never fail a store: the content itself is already safe in the log.
			this.onError('edit tracking failed', error);
		}
		if (clientsCount === 0) {
			this.editedSinceStore.delete(documentName);
			this.editedSinceVersion.delete(documentName);
		}
	}
}
