// "Saved" means committed (design §5). Hocuspocus acknowledges an update (SyncStatus) right after
// applying it, and it awaits beforeHandleMessage first. So here we apply the update ourselves (peers get
// it at once), wait for its row in the update log to commit, and only then let Hocuspocus continue: its
// own apply is then a no-op and its acknowledgement goes out after the commit.
import type {
	Extension,
	beforeHandleMessagePayload,
	onChangePayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload,
	afterUnloadDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import type { DocumentStateStore } from '../../src/lib/server/documents/state-store.ts';
import type { UpdateLog } from '../../src/lib/server/documents/update-log.ts';
import type { ConnectionContext } from './context.ts';
import { readDocumentUpdate } from './frames.ts';

/** Origin of updates applied while loading from the database: they are stored already. */
const LOADED_FROM_DATABASE = Symbol('loaded-from-database');

export interface DurableAcknowledgementOptions {
	updateLog: UpdateLog;
	stateStore: DocumentStateStore;
	documentSizeCap: number;
}

class DocumentTooLarge extends Error {
	readonly code = CloseCode.DocumentTooLarge;
	readonly reason = closeReasons[CloseCode.DocumentTooLarge];
}

export class DurableAcknowledgement implements Extension {
	extensionName = 'tandem-durable-acknowledgement';
	/** Stored bytes per loaded document: the snapshot and log tail, growing with each appended update. */
	private readonly storedBytes = new Map<string, number>();
	/** Appends of server-side changes still in flight, awaited before a store. */
	private readonly pendingServerAppends = new Set<Promise<void>>();
	/** Compactions that failed (the log keeps the data; an operator should still look). */
	storeFailures = 0;

	constructor(private readonly options: DurableAcknowledgementOptions) {}

	async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) throw new Error(`not a document name: ${documentName}`);
		const stored = await this.options.stateStore.load(documentId);
		Y.transact(
			document,
			() => {
				for (const update of stored.updates) Y.applyUpdate(document, update, LOADED_FROM_DATABASE);
			},
			LOADED_FROM_DATABASE
		);
		this.storedBytes.set(documentName, stored.byteSize);
	}

	async beforeHandleMessage({
		update: frame,
		document,
		documentName,
		connection,
		context
	}: beforeHandleMessagePayload<ConnectionContext>): Promise<void> {
		if (connection.readOnly) return; // Hocuspocus refuses the update itself and answers "not saved".
		const update = readDocumentUpdate(frame);
		if (!update) return;

		const size = this.storedBytes.get(documentName) ?? 0;
		if (size + update.byteLength > this.options.documentSizeCap) {
			context.closeSocket(CloseCode.DocumentTooLarge, closeReasons[CloseCode.DocumentTooLarge]);
			throw new DocumentTooLarge();
		}

		// Capture what Yjs integrates, re-encoded by Yjs itself: the log never holds raw client bytes.
		const integrated: Uint8Array[] = [];
		const capture = (u: Uint8Array) => integrated.push(u);
		document.on('update', capture);
		try {
			Y.applyUpdate(document, update, { source: 'connection', connection });
		} catch (error) {
			// An update Yjs cannot read: disconnect the sender; the document is unchanged.
			context.closeSocket(CloseCode.InvalidMessage, closeReasons[CloseCode.InvalidMessage]);
			throw error;
		} finally {
			document.off('update', capture);
		}
		if (integrated.length === 0) return; // Nothing new (a re-sent or empty update): nothing to save.

		const userId = context.user?.id ?? null;
		const documentId = parseDocumentName(documentName) as string;
		for (const bytes of integrated) {
			this.storedBytes.set(documentName, (this.storedBytes.get(documentName) ?? 0) + bytes.byteLength);
		}
		await Promise.all(integrated.map((bytes) => this.options.updateLog.append(documentId, bytes, userId)));
	}

	/** Server-side changes (restores, templates) go through the same log; client edits were logged above. */
	async onChange({ transactionOrigin, update, documentName, context }: onChangePayload): Promise<void> {
		if (transactionOrigin === LOADED_FROM_DATABASE || isRemote(transactionOrigin)) return;
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		const acting = context as ConnectionContext | undefined;
		const userId = acting?.actingUserId ?? acting?.user?.id ?? null;
		const append = this.options.updateLog.append(documentId, update, userId);
		this.pendingServerAppends.add(append);
		try {
			await append;
		} finally {
			this.pendingServerAppends.delete(append);
		}
	}

	async onStoreDocument({ documentName }: onStoreDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		await Promise.allSettled([...this.pendingServerAppends]);
		try {
			const result = await this.options.stateStore.compact(documentId);
			if (result) this.storedBytes.set(documentName, result.state.byteLength);
		} catch (error) {
			// Nothing is lost: every acknowledged update is still in the log. Hocuspocus retries the store.
			this.storeFailures += 1;
			throw error;
		}
	}

	async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
		this.storedBytes.delete(documentName);
	}
}

/** Updates that arrived from a client connection (logged in beforeHandleMessage) or another process (logged there). */
function isRemote(origin: unknown): boolean {
	if (typeof origin !== 'object' || origin === null || !('source' in origin)) return false;
	const source = (origin as { source: unknown }).source;
	return source === 'connection' || source === 'redis';
}
