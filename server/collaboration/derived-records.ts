// After each store, the rows dashboards query are derived again from the document's content, search's
// copy of its text is refreshed, and an observation's tools that feed the cycle's goal update its measurement.
import type { Extension, afterStoreDocumentPayload, afterUnloadDocumentPayload } from '@hocuspocus/server';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { derivedContent, deriveDocumentRecords } from '../../src/lib/server/documents/derived-records.ts';
import { searchableText } from '../../src/lib/domain/search-text.ts';
import { indexDocumentText } from '../../src/lib/server/search/search-index.ts';
import { deriveObservationGoalFeeds } from '../../src/lib/server/observations/goal-feed.ts';
import { getRuntime, type CollaborationControl } from '../../src/lib/server/runtime.ts';

export class DerivedRecords implements Extension {
	extensionName = 'tandem-derived-records';
	/** The content each loaded document's rows were last derived from here. */
	private readonly written = new Map<string, string>();
	/** The searchable text last written for each loaded document here. */
	private readonly indexed = new Map<string, string>();

	constructor(
		private readonly db: Db,
		private readonly onError: (message: string, error: unknown) => void,
		// Read at store time: the control is published once the collaboration server exists.
		private readonly collaboration: () => CollaborationControl = () => getRuntime().collaboration
	) {}

	async afterStoreDocument({ documentName, document }: afterStoreDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		try {
			// Most stores change text, not steps or goal figures: rows already derived from the same content
			// are left alone instead of being deleted and written again.
			const content = derivedContent(document);
			const fingerprint = JSON.stringify(content);
			if (this.written.get(documentName) !== fingerprint) {
				this.written.delete(documentName);
				await deriveDocumentRecords(this.db, documentId, document, content);
				this.written.set(documentName, fingerprint);
			}
		} catch (error) {
			// Derived rows are a view: the content is already safe in the log, and the next store retries.
			this.onError('deriving records failed', error);
		}
		try {
			// Most stores do change the text: only a store that changed steps or tools alone is skipped.
			const text = searchableText(document);
			if (this.indexed.get(documentName) !== text) {
				this.indexed.delete(documentName);
				await indexDocumentText(this.db, documentId, text);
				this.indexed.set(documentName, text);
			}
		} catch (error) {
			// Like the derived rows: the content is safe in the log, and the next store indexes it again.
			this.onError('indexing for search failed', error);
		}
		try {
			await deriveObservationGoalFeeds(this.db, this.collaboration(), documentId, document);
		} catch (error) {
			this.onError('feeding the goal from an observation failed', error);
		}
	}

	afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
		// Loaded again later, perhaps after another process changed the rows: derive afresh then.
		this.written.delete(documentName);
		this.indexed.delete(documentName);
		return Promise.resolve();
	}
}
