// Persistence: a document is loaded from its snapshot and log tail, and stored by folding the tail into the
// snapshot (in the compactor's worker), but only when worth it (tail-compaction.ts). A failed load closes
// every waiting socket with "try again later"; a failed store is retried, with back-off, while the
// document stays loaded. Nothing is folded or unloaded while part of a document is in no row.
import type {
	Extension,
	Hocuspocus,
	afterLoadDocumentPayload,
	afterUnloadDocumentPayload,
	onAuthenticatePayload,
	onDestroyPayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import { contentFreeError } from '../../src/lib/server/db/errors.ts';
import type { DocumentStateStore } from '../../src/lib/server/documents/state-store.ts';
import { CountHistogram } from '../../src/lib/server/metrics.ts';
import { TRY_AGAIN_LATER } from './authentication.ts';
import type { ConnectionContext } from './context.ts';
import type { DocumentSizeCap } from './document-size-cap.ts';
import { collaborationLimits } from './limits.ts';
import { TailCompaction } from './tail-compaction.ts';
import type { UnloggedUpdates } from './unlogged-updates.ts';

/** Origin of updates applied while loading from the database: they are stored already. */
export const LOADED_FROM_DATABASE = Symbol('loaded-from-database');

export interface PersistenceOptions {
	stateStore: DocumentStateStore;
	sizes: DocumentSizeCap;
	unlogged: UnloggedUpdates;
}

export class Persistence implements Extension {
	extensionName = 'tandem-persistence';
	private readonly storeRetries = new Map<string, { timer: NodeJS.Timeout; delayMs: number }>();
	/** Sockets authorized for a document that is not loaded yet: all of them wait for the same load. */
	private readonly awaitingLoad = new Map<string, Set<ConnectionContext['closeSocket']>>();
	/** Folds a long log tail without waiting for Hocuspocus' store (after a crash, under fast typing). */
	private readonly tail = new TailCompaction((documentName) => this.compactInBackground(documentName));
	/** Compactions that failed (the log keeps the data; an operator should still look). */
	storeFailures = 0;
	/** Loads that failed (the database did not answer); the document was refused, never stored. */
	loadFailures = 0;
	/** Rows each load read: one snapshot row plus the log tail. */
	readonly loadRows = new CountHistogram([1, 2, 5, 10, 50, 100, 500, 1000, 5000, 50_000]);

	constructor(private readonly options: PersistenceOptions) {}

	/** Rows were appended to a document's log tail. */
	appended(documentName: string, rows: number): void {
		this.tail.appended(documentName, rows);
	}

	/** Runs after Authentication allowed the socket: remember who will wait for this document's load. */
	onAuthenticate({
		documentName,
		context,
		instance
	}: onAuthenticatePayload<ConnectionContext>): Promise<void> {
		if (instance.documents.has(documentName)) return Promise.resolve();
		const waiting = this.awaitingLoad.get(documentName) ?? new Set();
		waiting.add(context.closeSocket);
		this.awaitingLoad.set(documentName, waiting);
		return Promise.resolve();
	}

	async onLoadDocument({ document, documentName, context }: onLoadDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) throw new Error(`not a document name: ${documentName}`);
		let stored;
		try {
			stored = await this.options.stateStore.load(documentId);
		} catch (error) {
			this.loadFailures += 1;
			// hocuspocus#1156, unfixed in the published 4.7.0 (the fix is merged upstream): when onLoadDocument
			// throws, Hocuspocus never registers the document, so its unloadDocument returns early and never
			// destroys it, and the document's awareness timer keeps it alive for good. Each failed load leaked
			// one Y.Doc and one interval; the fault battery's load outages count the timers
			// (tests/faults/scenarios/database-outage.ts, loadDuringOutage). Destroying it here is harmless once
			// Hocuspocus does it too: Y.Doc.destroy runs its listeners once.
			document.destroy();
			// Hocuspocus would answer every waiting socket "permission denied" and leave it open; the content
			// is fine, the database is not: close them so that clients reconnect and load again.
			const waiting = this.awaitingLoad.get(documentName) ?? new Set();
			this.awaitingLoad.delete(documentName);
			waiting.add((context as ConnectionContext | undefined)?.closeSocket ?? (() => {}));
			for (const closeSocket of waiting) closeSocket(TRY_AGAIN_LATER.code, TRY_AGAIN_LATER.reason);
			throw contentFreeError(error);
		}
		Y.transact(
			document,
			() => {
				for (const update of stored.updates) Y.applyUpdate(document, update, LOADED_FROM_DATABASE);
			},
			LOADED_FROM_DATABASE
		);
		this.loadRows.record(stored.rowsRead);
		this.options.sizes.set(documentName, stored.byteSize);
		this.tail.loaded(documentName, stored.tailRows);
	}

	afterLoadDocument({ documentName }: afterLoadDocumentPayload): Promise<void> {
		this.awaitingLoad.delete(documentName);
		return Promise.resolve();
	}

	async onStoreDocument(payload: onStoreDocumentPayload): Promise<void> {
		const { documentName } = payload;
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		await this.options.unlogged.settled();
		try {
			// Nothing may be folded, or unloaded, while part of the document lives only in memory.
			await this.options.unlogged.commitPending(documentName);
			// Read live: the payload's clientsCount is the one from when the store was scheduled.
			const beingLeft = payload.document.getConnectionsCount() === 0;
			if (!this.tail.worthFoldingAtStore(documentName, beingLeft)) return this.clearStoreRetry(documentName);
			const result = await this.options.stateStore.compact(documentId);
			if (result) {
				this.options.sizes.set(documentName, result.state.byteLength);
				this.tail.compacted(documentName, result.foldedRows);
			}
		} catch (error) {
			// Nothing acknowledged is lost: every acknowledged update is in the log. Hocuspocus keeps the
			// document in memory after a failed store but never tries again by itself, so we do.
			this.storeFailures += 1;
			this.scheduleStoreRetry(payload);
			// Hocuspocus logs what a hook throws; the driver's error would carry the snapshot's bytes.
			throw contentFreeError(error);
		}
		this.clearStoreRetry(documentName);
	}

	afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
		if (instance.documents.has(documentName)) return Promise.resolve(); // loaded again meanwhile (a fast reconnect)
		this.options.sizes.forget(documentName);
		this.clearStoreRetry(documentName);
		this.tail.forget(documentName);
		return Promise.resolve();
	}

	onDestroy(_payload: onDestroyPayload): Promise<void> {
		for (const documentName of [...this.storeRetries.keys()]) this.clearStoreRetry(documentName);
		return Promise.resolve();
	}

	/** A compaction outside Hocuspocus' store; a failure is counted and left to the next store. */
	private async compactInBackground(documentName: string): Promise<void> {
		const documentId = parseDocumentName(documentName);
		// Not while part of the document lives only in memory: its store commits that first.
		if (!documentId || this.options.unlogged.has(documentName)) return;
		try {
			const result = await this.options.stateStore.compact(documentId);
			if (!result) return;
			this.options.sizes.set(documentName, result.state.byteLength);
			this.tail.compacted(documentName, result.foldedRows);
		} catch {
			this.storeFailures += 1;
		}
	}

	private scheduleStoreRetry(payload: onStoreDocumentPayload): void {
		const { documentName, document } = payload;
		const instance = payload.instance as Hocuspocus;
		const previous = this.storeRetries.get(documentName);
		if (previous) clearTimeout(previous.timer);
		const { firstMs, maxMs } = collaborationLimits.storeRetry;
		const delayMs = previous ? Math.min(previous.delayMs * 2, maxMs) : firstMs;
		const timer = setTimeout(() => {
			// Only the document that failed: an unloaded (or reloaded) one has its own schedule.
			if (instance.documents.get(documentName) !== document) return this.clearStoreRetry(documentName);
			void instance.storeDocumentHooks(document, payload, true);
		}, delayMs);
		timer.unref();
		this.storeRetries.set(documentName, { timer, delayMs });
	}

	private clearStoreRetry(documentName: string): void {
		const retry = this.storeRetries.get(documentName);
		if (retry) clearTimeout(retry.timer);
		this.storeRetries.delete(documentName);
	}
}
