// Brings a document written in an older shape (meta.schemaVersion) to the current one when this process
// loads it, before any client syncs it, so clients only ever edit the current shape and the conversion
// lives in one place (src/lib/domain/document-shape.ts, convergent when two processes load at once).
// Runs after the load: the conversion is an update like a restore, logged by DurableAcknowledgement's
// onChange, sent to peers and to other processes.
import type { Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { shapeMigrationUpdate } from '../../src/lib/domain/document-shape.ts';

/** The transaction origin of a conversion: a server change that is nobody's edit. */
export const SHAPE_MIGRATION = { source: 'shape-migration' } as const;

export class ShapeMigration implements Extension {
	extensionName = 'tandem-shape-migration';
	/** Documents converted by this process (for the metrics page and tests). */
	converted = 0;

	constructor(private readonly onError: (message: string, error: unknown) => void) {}

	afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
		try {
			const update = shapeMigrationUpdate(Y.encodeStateAsUpdate(document));
			if (!update) return Promise.resolve();
			Y.applyUpdate(document, update, SHAPE_MIGRATION);
			this.converted += 1;
		} catch (error) {
			// The document still opens in its old shape, which every reader accepts; the next load retries.
			this.onError('converting a document to the current shape failed', error);
		}
		return Promise.resolve();
	}
}
