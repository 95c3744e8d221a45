// control.change: the one way the server changes a document (comments, restores, goal feeds, the final
// measurement, debrief links, demonstration tools). The change is a Yjs transaction on the live document,
// so peers see it at once and nothing encodes, copies or diffs the whole document; the caller resumes
// once the change's row is committed, or gets an `unavailable` error, never a rejection inside a hook.
// control.replaceHistory is the same path for the one server-side operation that is not a Yjs change (a
// deletion request drops what a person once typed from the stored history): it too runs on the live
// document, waits for its commit, rejects to its caller and runs in no hook.
import { createHash, randomBytes } from 'node:crypto';
import type { Hocuspocus, LocalTransactionOrigin } from '@hocuspocus/server';
import * as Y from 'yjs';
import { documentNameFor } from '../../src/lib/domain/document-name.ts';
import { AppError } from '../../src/lib/domain/errors.ts';
import type { ChangeActor } from '../../src/lib/server/runtime.ts';
import type { ConnectionContext } from './context.ts';

/** Where a server change's update is committed (the acknowledgement path's log and unlogged queue). */
/**
 * Where a document's stored history is replaced: reads the log's newest seq, then calls `state` and writes
 * it as the snapshot in place of the rows through that seq and the versions (state-store.ts).
 */
export interface StoredHistory {
	replace(documentId: string, state: () => Uint8Array): Promise<void>;
}

export interface ServerChangeLog {
	/** Resolves once nothing of this document lives only in memory; rejects while the database refuses. */
	ensureLogged(documentName: string): Promise<void>;
	/** Commits one update; on failure it joins the document's unlogged queue and this rejects. */
	commitServerChange(
		documentName: string,
		documentId: string,
		update: Uint8Array,
		userId: string | null
	): Promise<void>;
}

/** The transaction origin of a server change: Hocuspocus reads `context` for its onChange hooks. */
interface ServerChangeOrigin extends LocalTransactionOrigin {
	source: 'local';
	serverChange: true;
	context: Pick<ConnectionContext, 'actingUserId'>;
}

/** Updates made by control.change: committed by it, so the onChange hooks leave them alone. */
export function isServerChange(origin: unknown): boolean {
	return (
		typeof origin === 'object' &&
		origin !== null &&
		(origin as { serverChange?: unknown }).serverChange === true
	);
}

export class ServerChangeNotSaved extends AppError {
	constructor() {
		super(
			'unavailable',
			'Tandem could not save this change because the database did not answer. Try again in a moment.'
		);
	}
}

export class ServerChanges {
	/**
	 * One Yjs client id per actor for this process's lifetime, so a thousand server edits add one entry to a
	 * document's state vector, not a thousand. Salted per process: two processes writing as the same Yjs
	 * client could both create the item (client, clock) with different content, and peers would keep
	 * whichever arrived first; so each process is its own client, and a restart adds one more.
	 */
	private readonly salt = randomBytes(16);
	private readonly clientIds = new Map<string, number>();

	constructor(
		private readonly hocuspocus: Hocuspocus<ConnectionContext>,
		private readonly log: ServerChangeLog,
		private readonly history: StoredHistory
	) {}

	async change(documentId: string, actor: ChangeActor, edit: (doc: Y.Doc) => void): Promise<boolean> {
		const documentName = documentNameFor(documentId);
		const context: ConnectionContext = { closeSocket: () => {}, actingUserId: actor.userId };
		let direct;
		try {
			direct = await this.hocuspocus.openDirectConnection(documentName, context);
		} catch {
			throw new ServerChangeNotSaved(); // the load failed: the database did not answer
		}
		try {
			const document = direct.document;
			if (!document) throw new ServerChangeNotSaved();
			// While an earlier update of this document waits in memory for the database, this change is
			// refused before it is made: nothing new piles up behind a commit that cannot happen.
			await this.log.ensureLogged(documentName).catch(() => {
				throw new ServerChangeNotSaved();
			});
			const { update, failure } = this.transact(document, actor, context, edit);
			if (update) {
				await this.log.commitServerChange(documentName, documentId, update, actor.userId).catch(() => {
					throw new ServerChangeNotSaved();
				});
			}
			if (failure) throw failure.error;
			return update !== null;
		} finally {
			// The change is committed already, so the store that folds it is debounced like a typed edit's
			// (it unloads the document afterwards when nobody has it open): a burst of server changes is one
			// store, and the caller does not wait for a compaction.
			await direct.disconnect({ unloadImmediately: false }).catch(() => {});
		}
	}

	/**
	 * Replaces the document's stored history with its present state. The live document (loaded for this if
	 * nobody has it open) holds everything acknowledged, its deleted text already garbage-collected; the
	 * log's newest seq is read before the state is encoded, so every row deleted is in the state.
	 */
	async replaceHistory(documentId: string): Promise<void> {
		const documentName = documentNameFor(documentId);
		const context: ConnectionContext = { closeSocket: () => {} };
		let direct;
		try {
			direct = await this.hocuspocus.openDirectConnection(documentName, context);
		} catch {
			throw new ServerChangeNotSaved();
		}
		try {
			const document = direct.document;
			if (!document) throw new ServerChangeNotSaved();
			// Nothing may live only in memory: the new snapshot replaces rows, so it must follow all of them.
			await this.log.ensureLogged(documentName).catch(() => {
				throw new ServerChangeNotSaved();
			});
			await this.history
				.replace(documentId, () => garbageCollectedState(document))
				.catch((error: unknown) => {
					throw error instanceof ServerChangeNotSaved ? error : new ServerChangeNotSaved();
				});
		} finally {
			await direct.disconnect({ unloadImmediately: false }).catch(() => {});
		}
	}

	/** Runs `edit` as the actor's Yjs client; what it changed is returned even when it threw halfway. */
	private transact(
		document: Y.Doc,
		actor: ChangeActor,
		context: ServerChangeOrigin['context'],
		edit: (doc: Y.Doc) => void
	): { update: Uint8Array | null; failure: { error: unknown } | null } {
		const origin: ServerChangeOrigin = { source: 'local', serverChange: true, context };
		let update: Uint8Array | null = null;
		const capture = (bytes: Uint8Array, from: unknown) => {
			if (from === origin) update = bytes;
		};
		let failure: { error: unknown } | null = null;
		const ownClientId = document.clientID;
		document.on('update', capture);
		document.clientID = this.clientIdFor(actor);
		try {
			Y.transact(
				document,
				() => {
					try {
						edit(document);
					} catch (error) {
						// A Yjs transaction keeps what was done before the throw: that part is committed like the rest.
						failure = { error };
					}
				},
				origin
			);
		} finally {
			document.clientID = ownClientId;
			document.off('update', capture);
		}
		return { update, failure };
	}

	private clientIdFor(actor: ChangeActor): number {
		const key = actor.userId ?? 'tandem';
		let id = this.clientIds.get(key);
		if (id === undefined) {
			id = createHash('sha256').update(this.salt).update(key).digest().readUInt32BE(0);
			this.clientIds.set(key, id);
		}
		return id;
	}
}

/** The document's state without deleted content, whether or not the live document collects garbage. */
function garbageCollectedState(document: Y.Doc): Uint8Array {
	if (document.gc) return Y.encodeStateAsUpdate(document);
	const copy = new Y.Doc({ gc: true });
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(document));
	const state = Y.encodeStateAsUpdate(copy);
	copy.destroy();
	return state;
}
