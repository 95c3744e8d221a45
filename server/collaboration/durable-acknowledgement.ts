// "Saved" means committed (docs/design.md §5). Hocuspocus acknowledges an update (SyncStatus) right after
// applying it, and it awaits beforeHandleMessage first. So here we apply the update ourselves (peers get
// it at once), wait for its row in the update log to commit, and only then let Hocuspocus continue: its
// own apply is then a no-op and its acknowledgement goes out after the commit.
import type {
	Extension,
	Hocuspocus,
	afterLoadDocumentPayload,
	beforeHandleMessagePayload,
	onAuthenticatePayload,
	onChangePayload,
	onDestroyPayload,
	onDisconnectPayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload,
	afterUnloadDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import { contentFreeError } from '../../src/lib/server/db/errors.ts';
import type { DocumentStateStore } from '../../src/lib/server/documents/state-store.ts';
import type { UpdateLog } from '../../src/lib/server/documents/update-log.ts';
import { LatencyHistogram } from '../../src/lib/server/latency-histogram.ts';
import { CountHistogram } from '../../src/lib/server/metrics.ts';
import { TRY_AGAIN_LATER } from './authentication.ts';
import type { ConnectionContext } from './context.ts';
import { documentUpdateOf, readClientFrame } from './frames.ts';
import { RelayedUpdates } from './relayed-updates.ts';
import { isServerChange } from './server-changes.ts';
import { TailCompaction } from './tail-compaction.ts';
import { WithheldAcknowledgements } from './withheld-acknowledgements.ts';

/** Origin of updates applied while loading from the database: they are stored already. */
const LOADED_FROM_DATABASE = Symbol('loaded-from-database');

/** A failed store is tried again after this long, doubling up to the maximum, while the document is loaded. */
export const STORE_RETRY_MS = { first: 1000, max: 30_000 } as const;

export interface DurableAcknowledgementOptions {
	updateLog: UpdateLog;
	stateStore: DocumentStateStore;
	documentSizeCap: number;
}

class DocumentTooLarge extends Error {
	readonly code = CloseCode.DocumentTooLarge;
	readonly reason = closeReasons[CloseCode.DocumentTooLarge];
}

/** An update applied in memory whose append failed: it must be committed before anything is acknowledged. */
interface Unlogged {
	documentId: string;
	update: Uint8Array;
	userId: string | null;
}

export class DurableAcknowledgement implements Extension {
	extensionName = 'tandem-durable-acknowledgement';
	/** Stored bytes per loaded document: the snapshot and log tail, growing with each appended update. */
	private readonly storedBytes = new Map<string, number>();
	/** Appends of server-side changes still in flight, awaited before a store. */
	private readonly pendingServerAppends = new Set<Promise<void>>();
	/**
	 * Updates already in a document's memory (and at its peers) whose append failed, by document name.
	 * A client whose append failed is disconnected and re-sends on reconnect, but by then the server's
	 * document has the update, so the re-send integrates nothing: without this queue its acknowledgement
	 * would cover an update that is in no row at all.
	 */
	private readonly unlogged = new Map<string, Unlogged[]>();
	private readonly relogging = new Map<string, Promise<void>>();
	private readonly storeRetries = new Map<string, { timer: NodeJS.Timeout; delayMs: number }>();
	/** Sockets authorized for a document that is not loaded yet: all of them wait for the same load. */
	private readonly awaitingLoad = new Map<string, Set<ConnectionContext['closeSocket']>>();
	/** Acknowledgements held back until the update they answer is integrated and committed. */
	readonly withheld = new WithheldAcknowledgements();
	/** Content other processes relayed lately: committed here too when a client re-syncs (scale-out). */
	private readonly relayed = new RelayedUpdates();
	/** Folds a long log tail without waiting for Hocuspocus' store (after a crash, under fast typing). */
	private readonly tail = new TailCompaction((documentName) => this.compactInBackground(documentName));
	/** Compactions that failed (the log keeps the data; an operator should still look). */
	storeFailures = 0;
	/** Loads that failed (the database did not answer); the document was refused, never stored. */
	loadFailures = 0;
	/** Rows each load read: one snapshot row plus the log tail. */
	readonly loadRows = new CountHistogram([1, 2, 5, 10, 50, 100, 500, 1000, 5000, 50_000]);
	/** From an update frame's arrival to its commit: what the editor waits for "saved" on the server. */
	readonly acknowledgementLatency = new LatencyHistogram();

	constructor(private readonly options: DurableAcknowledgementOptions) {}

	/** Updates applied in memory and not yet committed, across documents. */
	get unloggedUpdates(): number {
		let count = 0;
		for (const queue of this.unlogged.values()) count += queue.length;
		return count;
	}

	/** Runs after Authentication allowed the socket: remember who will wait for this document's load. */
	async onAuthenticate({
		documentName,
		context,
		instance
	}: onAuthenticatePayload<ConnectionContext>): Promise<void> {
		if (instance.documents.has(documentName)) return;
		const waiting = this.awaitingLoad.get(documentName) ?? new Set();
		waiting.add(context.closeSocket);
		this.awaitingLoad.set(documentName, waiting);
	}

	async onLoadDocument({ document, documentName, context }: onLoadDocumentPayload): Promise<void> {
		const documentId = parseDocumentName(documentName);
		if (!documentId) throw new Error(`not a document name: ${documentName}`);
		let stored;
		try {
			stored = await this.options.stateStore.load(documentId);
		} catch (error) {
			this.loadFailures += 1;
			// Hocuspocus never registers a document whose load failed, so it never destroys it either, and the
			// document's awareness timer would keep it alive for good (hocuspocus#1156).
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
		this.storedBytes.set(documentName, stored.byteSize);
		this.tail.loaded(documentName, stored.tailRows);
	}

	async afterLoadDocument({ documentName }: afterLoadDocumentPayload): Promise<void> {
		this.awaitingLoad.delete(documentName);
	}

	async beforeHandleMessage({
		update: frame,
		document,
		documentName,
		connection,
		context
	}: beforeHandleMessagePayload<ConnectionContext>): Promise<void> {
		if (connection.readOnly) return; // Hocuspocus refuses the update itself and answers "not saved".
		const parsed = readClientFrame(frame);
		const update = documentUpdateOf(parsed);
		if (!update) return;
		const receivedAt = performance.now();

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

		// Appends commit in the order they are applied, so once this frame's append commits, everything the
		// document held at this point is in the log: acknowledgements waiting for that content can go.
		const committedOnceAppended =
			integrated.length > 0 && this.withheld.isWaiting(documentName)
				? Y.decodeStateVector(Y.encodeStateVector(document))
				: null;
		const userId = context.user?.id ?? null;
		const documentId = parseDocumentName(documentName) as string;
		// A re-sync is acknowledged for everything the document holds, so what was relayed here lately and
		// might have died uncommitted with the process that relayed it is committed first (relayed-updates.ts).
		// It is other people's writing, so the row names nobody.
		const relayedLately =
			parsed.type === 'sync-step-2' ? this.relayed.takeRecent(documentName, document) : null;
		const appends: [Uint8Array, string | null][] = integrated.map((bytes) => [bytes, userId]);
		if (relayedLately) appends.push([relayedLately, null]);
		for (const [bytes] of appends) {
			this.storedBytes.set(documentName, (this.storedBytes.get(documentName) ?? 0) + bytes.byteLength);
		}
		try {
			await Promise.all(appends.map(([bytes, by]) => this.append(documentName, documentId, bytes, by)));
			// The acknowledgement covers everything the document holds, including updates (from this client or
			// another) whose append failed earlier: those are committed first, or the client is not acknowledged.
			await this.relog(documentName);
		} catch (error) {
			// Not acknowledged. Hocuspocus would only close this document's channel and leave the socket open,
			// where the provider sits unsynced until its 30 s liveness check; closing the socket makes it
			// reconnect and re-send what is still unacknowledged.
			context.closeSocket(TRY_AGAIN_LATER.code, TRY_AGAIN_LATER.reason);
			throw contentFreeError(error);
		}
		if (committedOnceAppended) this.withheld.release(documentName, committedOnceAppended);
		if (this.withheld.holdIfPending(documentName, document, connection, update)) return;
		if (integrated.length > 0) this.acknowledgementLatency.record((performance.now() - receivedAt) / 1000);
	}

	async onDisconnect({ documentName, socketId }: onDisconnectPayload): Promise<void> {
		this.withheld.forgetSocket(documentName, socketId);
	}

	/**
	 * Client edits were logged in beforeHandleMessage and server changes by control.change; what is left is
	 * relayed content and any other local transaction. Hocuspocus starts this hook without awaiting it, so it
	 * never rejects: a failed append waits in the unlogged queue, committed before anything is acknowledged.
	 */
	async onChange({
		transactionOrigin,
		update,
		document,
		documentName,
		context
	}: onChangePayload): Promise<void> {
		if (transactionOrigin === LOADED_FROM_DATABASE || isServerChange(transactionOrigin)) return;
		if (isFromOtherProcess(transactionOrigin)) {
			// Logged by the process that received it; it still counts towards this document's size cap.
			this.storedBytes.set(documentName, (this.storedBytes.get(documentName) ?? 0) + update.byteLength);
			this.relayed.remember(documentName, document, update);
			return;
		}
		if (isFromConnection(transactionOrigin)) return;
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		const acting = context as ConnectionContext | undefined;
		const userId = acting?.actingUserId ?? acting?.user?.id ?? null;
		await this.commitServerChange(documentName, documentId, update, userId).catch(() => {});
	}

	/** Resolves once nothing of this document lives only in memory; rejects while the database refuses. */
	ensureLogged(documentName: string): Promise<void> {
		return this.relog(documentName);
	}

	/** Commits a server change (control.change); on failure it joins the unlogged queue and this rejects. */
	async commitServerChange(
		documentName: string,
		documentId: string,
		update: Uint8Array,
		userId: string | null
	): Promise<void> {
		this.storedBytes.set(documentName, (this.storedBytes.get(documentName) ?? 0) + update.byteLength);
		const append = this.append(documentName, documentId, update, userId);
		const settled = append.then(
			() => {},
			() => {}
		);
		this.pendingServerAppends.add(settled);
		try {
			await append;
		} catch {
			// Hocuspocus runs onChange without awaiting it, so a rejection here would be unhandled and end the
			// process. The update waits in `unlogged` (counted in the log's failures) for the next store to log it.
		} finally {
			this.pendingServerAppends.delete(settled);
		}
	}

	async onStoreDocument(payload: onStoreDocumentPayload): Promise<void> {
		const { documentName } = payload;
		const documentId = parseDocumentName(documentName);
		if (!documentId) return;
		await Promise.allSettled([...this.pendingServerAppends]);
		try {
			// Nothing may be folded, or unloaded, while part of the document lives only in memory.
			await this.relog(documentName);
			// Read live: the payload's clientsCount is the one from when the store was scheduled.
			const beingLeft = payload.document.getConnectionsCount() === 0;
			if (!this.tail.worthFoldingAtStore(documentName, beingLeft)) return this.clearStoreRetry(documentName);
			const result = await this.options.stateStore.compact(documentId);
			if (result) {
				this.storedBytes.set(documentName, result.state.byteLength);
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

	async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
		if (instance.documents.has(documentName)) return; // loaded again meanwhile (a fast reconnect)
		this.storedBytes.delete(documentName);
		this.clearStoreRetry(documentName);
		this.withheld.forgetDocument(documentName);
		this.relayed.forget(documentName);
		this.tail.forget(documentName);
	}

	async onDestroy(_payload: onDestroyPayload): Promise<void> {
		for (const documentName of [...this.storeRetries.keys()]) this.clearStoreRetry(documentName);
	}

	/** Appends one update; on failure it joins the document's unlogged queue and the error is rethrown. */
	private async append(
		documentName: string,
		documentId: string,
		update: Uint8Array,
		userId: string | null
	): Promise<void> {
		try {
			await this.options.updateLog.append(documentId, update, userId);
			this.tail.appended(documentName, 1);
		} catch (error) {
			const queue = this.unlogged.get(documentName) ?? [];
			queue.push({ documentId, update, userId });
			this.unlogged.set(documentName, queue);
			throw error;
		}
	}

	/** Commits a document's unlogged updates, one attempt at a time; rejects while the database refuses. */
	private relog(documentName: string): Promise<void> {
		if (!this.unlogged.has(documentName)) return Promise.resolve();
		const running = this.relogging.get(documentName);
		if (running) return running;
		const attempt = (async () => {
			try {
				const queue = this.unlogged.get(documentName) ?? [];
				const batch = queue.splice(0);
				const results = await Promise.allSettled(
					batch.map((u) => this.options.updateLog.append(u.documentId, u.update, u.userId))
				);
				const failed = batch.filter((_, i) => results[i]?.status === 'rejected');
				// Failed ones go back to the front, ahead of anything that failed meanwhile, keeping Yjs order.
				queue.unshift(...failed);
				if (queue.length === 0) this.unlogged.delete(documentName);
				const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
				if (rejection) throw rejection.reason;
			} finally {
				this.relogging.delete(documentName);
			}
		})();
		this.relogging.set(documentName, attempt);
		return attempt;
	}

	/** A compaction outside Hocuspocus' store; a failure is counted and left to the next store. */
	private async compactInBackground(documentName: string): Promise<void> {
		const documentId = parseDocumentName(documentName);
		// Not while part of the document lives only in memory: its store commits that first.
		if (!documentId || this.unlogged.has(documentName)) return;
		try {
			const result = await this.options.stateStore.compact(documentId);
			if (!result) return;
			this.storedBytes.set(documentName, result.state.byteLength);
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
		const delayMs = previous ? Math.min(previous.delayMs * 2, STORE_RETRY_MS.max) : STORE_RETRY_MS.first;
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

function originSource(origin: unknown): unknown {
	if (typeof origin !== 'object' || origin === null || !('source' in origin)) return undefined;
	return (origin as { source: unknown }).source;
}

/** Updates that arrived from a client connection: logged in beforeHandleMessage. */
function isFromConnection(origin: unknown): boolean {
	return originSource(origin) === 'connection';
}

/** Updates relayed by another process through Redis: that process logged them. */
function isFromOtherProcess(origin: unknown): boolean {
	return originSource(origin) === 'redis';
}
