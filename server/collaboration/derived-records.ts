// After each store, the rows dashboards query are derived again from the document's content.
import type { Extension, afterStoreDocumentPayload } from '@hocuspocus/server';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { deriveDocumentRecords } from '../../src/lib/server/documents/derived-records.ts';

export class DerivedRecords implements Extension {
	extensionName = 'tandem-derived-records';

	constructor(
		private readonly db: Db,
		private readonly onError: (message: string, error: unknown) => void
	) {}

	async afterStoreDocument({ documentName, document }: afterStoreDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		try {
			await deriveDocumentRecords(this.db, documentId, document);
		} catch (error) {
			// Derived rows are a view: the content is already safe in the log, and the next store retries.
			this.onError('deriving records failed', error);
		}
	}
}
