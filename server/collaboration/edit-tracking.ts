// After each store: who edited the document last, and automatic versions — when the last editor leaves,
// and at least every 10 minutes of continuous editing.
import type { Extension, afterStoreDocumentPayload, onChangePayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { LastEdits } from '../../src/lib/server/documents/last-edits.ts';
import { createVersion, VERSION_INTERVAL_MS } from '../../src/lib/server/documents/versions.ts';
import type { ConnectionContext } from './context.ts';
import { collaborationLimits } from './limits.ts';
import { SHAPE_MIGRATION } from './shape-migration.ts';

export class EditTracking implements Extension {
	extensionName = 'tandem-edit-tracking';
	/** Who changed each document since its last store. */
	private readonly editedSinceStore = new Map<string, string | null>();
	/**
	 * Who changed each document since its last version, and since when. The clock starts at the first edit
	 * after a version, not at the last version: a document that nobody touched for a week gets its next
	 * version after ten minutes of editing (or when its editors leave), not at the first keystroke's store.
	 */
	private readonly editedSinceVersion = new Map<string, { editor: string | null; since: number }>();

	private readonly lastEdits: LastEdits;

	constructor(
		private readonly db: Db,
		private readonly onError: (message: string, error: unknown) => void
	) {
		this.lastEdits = new LastEdits(db, collaborationLimits.lastEditsBatch);
	}

	onChange({ documentName, context, transactionOrigin }: onChangePayload): Promise<void> {
		// Converting an older document's shape is nobody's edit: it must not become "last edited by nobody".
		if (transactionOrigin === SHAPE_MIGRATION) return Promise.resolve();
		const acting = context as ConnectionContext | undefined;
		const userId = acting?.user?.id ?? acting?.actingUserId ?? null;
		this.editedSinceStore.set(documentName, userId);
		const since = this.editedSinceVersion.get(documentName)?.since ?? Date.now();
		this.editedSinceVersion.set(documentName, { editor: userId, since });
		return Promise.resolve();
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
				await this.lastEdits.stamp(documentId, editor);
			}
			const edited = this.editedSinceVersion.get(documentName);
			if (edited) {
				const intervalPassed = Date.now() - edited.since >= VERSION_INTERVAL_MS;
				if (clientsCount === 0 || intervalPassed) {
					this.editedSinceVersion.delete(documentName);
					await createVersion(this.db, {
						documentId,
						state: Y.encodeStateAsUpdate(document),
						reason: clientsCount === 0 ? 'last-editor-left' : 'interval',
						createdBy: edited.editor
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
