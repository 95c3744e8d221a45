// "Saved" means committed (docs: ARCHITECTURE.md, the path of an edit). Hocuspocus acknowledges an update
// (SyncStatus) right after applying it, and it awaits beforeHandleMessage first. So here we apply the update
// ourselves (peers get it at once), wait for its row in the update log to commit, and only then let
// Hocuspocus continue: its own apply is then a no-op and its acknowledgement goes out after the commit.
// An acknowledgement that would cover content not yet integrated and committed is withheld
// (withheld-acknowledgements.ts); a re-sync first commits what other processes relayed (relayed-updates.ts).
import type {
	Extension,
	afterUnloadDocumentPayload,
	beforeHandleMessagePayload,
	onChangePayload,
	onDisconnectPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import { contentFreeError } from '../../src/lib/server/db/errors.ts';
import { LatencyHistogram } from '../../src/lib/server/latency-histogram.ts';
import { TRY_AGAIN_LATER } from './authentication.ts';
import type { ConnectionContext } from './context.ts';
import { DocumentTooLarge, type DocumentSizeCap } from './document-size-cap.ts';
import { documentUpdateOf, readClientFrame } from './frames.ts';
import { LOADED_FROM_DATABASE } from './persistence.ts';
import { RelayedUpdates } from './relayed-updates.ts';
import { isServerChange, type ServerChangeLog } from './server-changes.ts';
import type { UnloggedUpdates } from './unlogged-updates.ts';
import { WithheldAcknowledgements } from './withheld-acknowledgements.ts';

export interface AcknowledgementOptions {
	sizes: DocumentSizeCap;
	unlogged: UnloggedUpdates;
}

export class Acknowledgement implements Extension, ServerChangeLog {
	extensionName = 'tandem-acknowledgement';
	/** Acknowledgements held back until the update they answer is integrated and committed. */
	readonly withheld = new WithheldAcknowledgements();
	/** Content other processes relayed lately: committed here too when a client re-syncs (scale-out). */
	private readonly relayed = new RelayedUpdates();
	/** From an update frame's arrival to its commit: what the editor waits for "saved" on the server. */
	readonly acknowledgementLatency = new LatencyHistogram();

	constructor(private readonly options: AcknowledgementOptions) {}

	async beforeHandleMessage({
		update: bytes,
		document,
		documentName,
		connection,
		context
	}: beforeHandleMessagePayload<ConnectionContext>): Promise<void> {
		if (connection.readOnly) return; // Hocuspocus refuses the update itself and answers "not saved".
		const frame = readClientFrame(bytes); // parsed by the frame guard already
		const update = documentUpdateOf(frame);
		if (!update) return;
		const receivedAt = performance.now();
		const { sizes, unlogged } = this.options;

		if (sizes.wouldExceed(documentName, update.byteLength)) {
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
			frame.type === 'sync-step-2' ? this.relayed.takeRecent(documentName, document) : null;
		const appends: [Uint8Array, string | null][] = integrated.map((bytes) => [bytes, userId]);
		if (relayedLately) appends.push([relayedLately, null]);
		for (const [bytes] of appends) sizes.add(documentName, bytes.byteLength);
		try {
			await Promise.all(appends.map(([bytes, by]) => unlogged.append(documentName, documentId, bytes, by)));
			// The acknowledgement covers everything the document holds, including updates (from this client or
			// another) whose append failed earlier: those are committed first, or the client is not acknowledged.
			await unlogged.commitPending(documentName);
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

	onDisconnect({ documentName, socketId }: onDisconnectPayload): Promise<void> {
		this.withheld.forgetSocket(documentName, socketId);
		return Promise.resolve();
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
			this.options.sizes.add(documentName, update.byteLength);
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
		return this.options.unlogged.commitPending(documentName);
	}

	/** Commits a server change (control.change); on failure it joins the unlogged queue and this rejects. */
	async commitServerChange(
		documentName: string,
		documentId: string,
		update: Uint8Array,
		userId: string | null
	): Promise<void> {
		this.options.sizes.add(documentName, update.byteLength);
		await this.options.unlogged.append(documentName, documentId, update, userId);
	}

	afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
		if (instance.documents.has(documentName)) return Promise.resolve(); // loaded again meanwhile (a fast reconnect)
		this.withheld.forgetDocument(documentName);
		this.relayed.forget(documentName);
		return Promise.resolve();
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
