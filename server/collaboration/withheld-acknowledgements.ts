// An update Yjs cannot integrate yet (it builds on content the server has not received, e.g. edits a client
// made while its socket was down and re-sends only later in the sync handshake) waits in Yjs' pending store:
// in memory, in no row. Hocuspocus still answers it "applied" (SyncStatus true), and the editor would show
// "saved" for an edit nobody stored. So such an acknowledgement is withheld, and sent once the document holds
// everything the update needs and the update that completed it has committed.
import { MessageType, OutgoingMessage, type Connection } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

interface Owed {
	/** What the document's state vector must cover before this acknowledgement may go out. */
	requires: Map<number, number>;
}

interface ConnectionState {
	/** Hocuspocus' own "applied" answers still to drop, one per withheld frame. */
	suppress: number;
	owed: Owed[];
	send(message: Uint8Array): void;
}

export class WithheldAcknowledgements {
	private readonly connections = new WeakMap<Connection, ConnectionState>();
	/** Connections with something owed, by document name. */
	private readonly byDocument = new Map<string, Set<Connection>>();

	get count(): number {
		let owed = 0;
		for (const connections of this.byDocument.values())
			for (const connection of connections) owed += this.connections.get(connection)?.owed.length ?? 0;
		return owed;
	}

	/**
	 * Call right after applying a client's update: when part of it is left pending, the acknowledgement
	 * Hocuspocus is about to send for this frame is held back. Returns whether it was.
	 */
	holdIfPending(documentName: string, document: Y.Doc, connection: Connection, update: Uint8Array): boolean {
		if (document.store.pendingStructs === null) return false;
		// Structs only: a delete of content not received yet (pendingDs) is not waited for, or one client
		// deleting made-up items could hold back everyone's acknowledgements.
		const requires = Y.parseUpdateMeta(update).to;
		if (covers(Y.decodeStateVector(Y.encodeStateVector(document)), requires)) return false;
		const state = this.stateOf(connection);
		state.suppress += 1;
		state.owed.push({ requires });
		const waiting = this.byDocument.get(documentName) ?? new Set();
		waiting.add(connection);
		this.byDocument.set(documentName, waiting);
		return true;
	}

	/** Whether any acknowledgement on this document waits for content. */
	isWaiting(documentName: string): boolean {
		return this.byDocument.has(documentName);
	}

	/**
	 * Call after a commit on the document, with the state vector the document had when the committed update
	 * was applied: appends commit in the order they were applied, so everything up to it is in the log.
	 * Acknowledgements whose content that covers go out.
	 */
	release(documentName: string, committed: Map<number, number>): void {
		const waiting = this.byDocument.get(documentName);
		if (!waiting) return;
		for (const connection of waiting) {
			const state = this.connections.get(connection);
			if (!state) continue;
			const still: Owed[] = [];
			for (const owed of state.owed) {
				if (covers(committed, owed.requires)) {
					state.send(new OutgoingMessage(connection.messageAddress).writeSyncStatus(true).toUint8Array());
				} else still.push(owed);
			}
			state.owed = still;
			if (still.length === 0) waiting.delete(connection);
		}
		if (waiting.size === 0) this.byDocument.delete(documentName);
	}

	/** A closed connection's client re-syncs on reconnect; nothing is owed to it any more. */
	forgetSocket(documentName: string, socketId: string): void {
		const waiting = this.byDocument.get(documentName);
		if (!waiting) return;
		for (const connection of waiting) {
			if (connection.socketId !== socketId) continue;
			waiting.delete(connection);
			const state = this.connections.get(connection);
			if (state) state.owed = [];
		}
		if (waiting.size === 0) this.byDocument.delete(documentName);
	}

	forgetDocument(documentName: string): void {
		this.byDocument.delete(documentName);
	}

	private stateOf(connection: Connection): ConnectionState {
		const existing = this.connections.get(connection);
		if (existing) return existing;
		// Only connections that ever had an update left pending are wrapped; everyone else is untouched.
		const send = connection.send.bind(connection);
		const state: ConnectionState = { suppress: 0, owed: [], send };
		connection.send = (message: Uint8Array) => {
			if (state.suppress > 0 && isAppliedStatus(message)) {
				state.suppress -= 1;
				return;
			}
			send(message);
		};
		this.connections.set(connection, state);
		return state;
	}
}

function covers(stateVector: Map<number, number>, required: Map<number, number>): boolean {
	for (const [client, clock] of required) if ((stateVector.get(client) ?? 0) < clock) return false;
	return true;
}

/** A SyncStatus(true) frame: [address][8][1]. */
function isAppliedStatus(message: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(message);
		decoding.readVarString(decoder);
		return decoding.readVarUint(decoder) === MessageType.SyncStatus && decoding.readVarInt(decoder) === 1;
	} catch {
		return false;
	}
}
