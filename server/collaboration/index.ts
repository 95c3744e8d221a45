// The collaboration server: Hocuspocus with Tandem's extensions, attachable to any Node http.Server.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus, type Connection } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import * as Y from 'yjs';
import { closeReasons, type CloseCode } from '../../src/lib/domain/close-codes.ts';
import { documentNameFor } from '../../src/lib/domain/document-name.ts';
import type { TandemConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { describeError } from '../../src/lib/server/db/errors.ts';
import type { LedgerQueue } from '../../src/lib/server/ledger/ledger-queue.ts';
import { Compactor } from '../../src/lib/server/documents/compactor.ts';
import {
	DocumentStateStore,
	lastLoggedSeq,
	replaceStoredHistory
} from '../../src/lib/server/documents/state-store.ts';
import { UpdateLog } from '../../src/lib/server/documents/update-log.ts';
import type { CollaborationControl } from '../../src/lib/server/runtime.ts';
import { Acknowledgement } from './acknowledgement.ts';
import { Authentication } from './authentication.ts';
import { AwarenessGuard } from './awareness-guard.ts';
import { withContentFreeErrors } from './content-free-errors.ts';
import type { ConnectionContext } from './context.ts';
import { DerivedRecords } from './derived-records.ts';
import { DocumentSizeCap } from './document-size-cap.ts';
import { FrameGuard } from './frame-guard.ts';
import { collaborationLimits } from './limits.ts';
import { isAllowedOrigin } from './origin.ts';
import { PreAuthGate, PreAuthRelease, upgradeRequest, type PreAuthAllowance } from './pre-auth-gate.ts';
import { Persistence } from './persistence.ts';
import { EditTracking } from './edit-tracking.ts';
import { RevocationChannel, type Revocation } from './revocations.ts';
import { createScaleOut, instanceIdentifier } from './scale-out.ts';
import { ShapeMigration } from './shape-migration.ts';
import { ServerChanges } from './server-changes.ts';
import { SharedPresence, type PresentPerson } from './shared-presence.ts';
import { UnloggedUpdates } from './unlogged-updates.ts';

export const COLLAB_PATH = '/collab';

/** The collaboration server's named numbers, each with its reason: limits.ts. */
export { collaborationLimits } from './limits.ts';

export interface Collaboration {
	hocuspocus: Hocuspocus<ConnectionContext>;
	updateLog: UpdateLog;
	control: CollaborationControl;
	/** Call from an http.Server 'upgrade' listener; answers false when the request is not ours. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Closes every socket, stores every open document and waits for the log to drain. */
	destroy(): Promise<void>;
}

export interface CollaborationOptions {
	db: Db;
	config: TandemConfig;
	log: (message: string, fields?: Record<string, unknown>) => void;
	/** Where access decisions go (after the answer). */
	ledger: LedgerQueue;
}

export function createCollaboration({ db, config, log, ledger }: CollaborationOptions): Collaboration {
	const updateLog = new UpdateLog(db, collaborationLimits.updateLogBatch);
	const compactor = new Compactor();
	const stateStore = new DocumentStateStore(db, compactor);

	// The durable path, one concern per piece: the size cap, the log with its queue of unlogged updates,
	// persistence (load, store, retries), and acknowledgement (apply, commit, then acknowledge).
	const sizes = new DocumentSizeCap(config.documentSizeCap);
	const unlogged = new UnloggedUpdates(updateLog, (documentName, rows) =>
		persistence.appended(documentName, rows)
	);
	const persistence = new Persistence({ stateStore, sizes, unlogged });
	const acknowledgement = new Acknowledgement({ sizes, unlogged });

	// With REDIS_URL (and a Postgres server), this process joins the others on the same documents.
	const redisInstance = config.redisUrl ? instanceIdentifier() : null;
	if (config.redisUrl && redisInstance)
		log('scale-out: joining other processes through Redis', { instance: redisInstance });

	const sharedPresence =
		config.redisUrl && redisInstance ? new SharedPresence(config.redisUrl, redisInstance, log) : null;

	const hocuspocus = new Hocuspocus<ConnectionContext>({
		name: 'tandem',
		quiet: true,
		debounce: collaborationLimits.storeDebounceMs,
		maxDebounce: collaborationLimits.storeMaxDebounceMs,
		timeout: collaborationLimits.hocuspocus.timeoutMs,
		maxUnauthenticatedQueueSize: collaborationLimits.hocuspocus.maxUnauthenticatedQueueSize,
		maxUnauthenticatedQueueMessages: collaborationLimits.hocuspocus.maxUnauthenticatedQueueMessages,
		maxPendingDocuments: collaborationLimits.hocuspocus.maxPendingDocuments,
		flushDelay: collaborationLimits.hocuspocus.flushDelayMs,
		flushMaxBytes: collaborationLimits.hocuspocus.flushMaxBytes,
		unloadImmediately: true,
		extensions: [
			...(config.redisUrl && redisInstance ? [createScaleOut(config.redisUrl, redisInstance)] : []),
			...(sharedPresence ? [sharedPresence] : []),
			new Authentication(db, ledger),
			new PreAuthRelease(),
			new FrameGuard(),
			new AwarenessGuard(collaborationLimits.awarenessFramesPerSecond),
			persistence,
			acknowledgement,
			// After the durable load, so its conversion is logged like any server change.
			new ShapeMigration((message, error) => log(message, { ...describeError(error) })),
			new EditTracking(db, (message, error) => log(message, { ...describeError(error) })),
			new DerivedRecords(db, (message, error) => log(message, { ...describeError(error) }))
		].map(withContentFreeErrors)
	});

	const preAuth = new PreAuthGate(config.trustProxy);
	// Each upgrade's allowance travels to its socket's open hook as crossws context (see handleUpgrade).
	const allowances = new WeakMap<Request, PreAuthAllowance>();
	const allowanceOf = (peer: { context?: Record<string, unknown> }) =>
		peer.context?.preAuth as PreAuthAllowance | undefined;
	const serverChanges = new ServerChanges(hocuspocus, acknowledgement, {
		async replace(documentId, state) {
			// The seq first: every row deleted through it is in the state encoded after it.
			const throughSeq = await lastLoggedSeq(db, documentId);
			await replaceStoredHistory(db, documentId, state(), throughSeq);
		}
	});

	const websockets = crossws({
		serverOptions: { maxPayload: collaborationLimits.maxPayloadBytes },
		hooks: {
			upgrade(request) {
				return { context: { preAuth: allowances.get(request) } };
			},
			open(peer) {
				const socket = peer.websocket as unknown as { close(code?: number, reason?: string): void };
				const allowance = allowanceOf(peer);
				allowance?.opened(peer.websocket, (code, reason) => socket.close(code, reason));
				const context: ConnectionContext = {
					closeSocket: (code, reason) => socket.close(code, reason),
					authenticated: () => allowance?.authenticate()
				};
				const connection = hocuspocus.handleConnection(
					peer.websocket as unknown as WebSocket,
					peer.request as Request,
					context
				);
				(peer as unknown as { tandem: typeof connection }).tandem = connection;
			},
			message(peer, message) {
				const frame = message.uint8Array();
				if (allowanceOf(peer)?.admitFrame(frame) === false) return;
				(peer as unknown as { tandem?: { handleMessage(d: Uint8Array): void } }).tandem?.handleMessage(frame);
			},
			close(peer, event) {
				(peer as unknown as { tandem?: { handleClose(e: unknown): void } }).tandem?.handleClose({
					code: event.code,
					reason: event.reason
				});
			},
			error(peer, error) {
				log('websocket error', { peer: peer.id, ...describeError(error) });
			}
		}
	});

	function connectionsWhere(match: (connection: Connection<ConnectionContext>) => boolean) {
		const found: Connection<ConnectionContext>[] = [];
		for (const document of hocuspocus.documents.values()) {
			for (const connection of document.getConnections()) if (match(connection)) found.push(connection);
		}
		return found;
	}

	function closeAll(connections: Connection<ConnectionContext>[], code: number): number {
		for (const connection of connections) {
			connection.context.closeSocket(code, closeReasons[code as CloseCode] ?? 'closed');
		}
		return connections.length;
	}

	/** Closes this process's sockets that a revocation covers; returns how many. */
	function revokeHere(revocation: Revocation): number {
		const covered = (c: Connection<ConnectionContext>) => {
			switch (revocation.scope) {
				case 'user':
					return (
						c.context.user?.id === revocation.userId &&
						(!revocation.documentId || c.context.documentId === revocation.documentId) &&
						(!revocation.workspaceId || c.context.workspaceId === revocation.workspaceId)
					);
				case 'session':
					return c.context.sessionId === revocation.sessionId;
				case 'token':
					return c.context.tokenId === revocation.tokenId;
				case 'document':
					return c.context.documentId === revocation.documentId;
			}
		};
		return closeAll(connectionsWhere(covered), revocation.code);
	}

	// With several processes, the person may be connected to any of them: every revocation goes to all.
	const revocations =
		config.redisUrl && redisInstance
			? new RevocationChannel(config.redisUrl, redisInstance, revokeHere, log)
			: null;
	function revoke(revocation: Revocation): number {
		revocations?.publish(revocation);
		return revokeHere(revocation);
	}

	const control: CollaborationControl = {
		closeUserConnections(userId, code, documentId) {
			return revoke({ scope: 'user', userId, code, ...(documentId ? { documentId } : {}) });
		},
		closeUserWorkspaceConnections(userId, workspaceId, code) {
			return revoke({ scope: 'user', userId, workspaceId, code });
		},
		closeTokenConnections(tokenId, code) {
			return revoke({ scope: 'token', tokenId, code });
		},
		closeSessionConnections(sessionId, code) {
			return revoke({ scope: 'session', sessionId, code });
		},
		closeDocumentConnections(documentId, code) {
			return revoke({ scope: 'document', documentId, code });
		},
		change(documentId, actor, edit) {
			return serverChanges.change(documentId, actor, edit);
		},
		replaceHistory(documentId) {
			return serverChanges.replaceHistory(documentId);
		},
		async currentState(documentId) {
			const loaded = hocuspocus.documents.get(documentNameFor(documentId));
			if (loaded) return Y.encodeStateAsUpdate(loaded);
			const stored = await stateStore.load(documentId);
			return compactor.merge(null, stored.updates);
		},
		async presence(documentIds) {
			// Joined processes answer from Redis (everyone, wherever connected); this process's own sockets are
			// added in any case, so a Redis outage only narrows the answer to this process.
			const present = (await sharedPresence?.everywhere(documentIds)) ?? new Map<string, PresentPerson[]>();
			for (const documentId of documentIds) {
				const document = hocuspocus.documents.get(documentNameFor(documentId));
				if (!document) continue;
				const people = new Map((present.get(documentId) ?? []).map((person) => [person.id, person]));
				for (const connection of document.getConnections()) {
					const user = connection.context.user;
					if (user) people.set(user.id, { id: user.id, name: user.name });
				}
				if (people.size > 0) present.set(documentId, [...people.values()]);
			}
			return present;
		},
		stats() {
			return {
				connections: hocuspocus.getConnectionsCount(),
				documents: hocuspocus.getDocumentsCount(),
				updatesAppended: updateLog.stats.appended,
				appendFailures: updateLog.stats.failures,
				storeFailures: persistence.storeFailures,
				commitLatency: updateLog.commitLatency,
				// Beyond CollaborationStats: rendered by /metrics when present (src/lib/server/metrics.ts).
				acknowledgementLatency: acknowledgement.acknowledgementLatency,
				loadRows: persistence.loadRows,
				loadFailures: persistence.loadFailures,
				unloggedUpdates: unlogged.count,
				redisInstance
			};
		}
	};

	return {
		hocuspocus,
		updateLog,
		control,
		handleUpgrade(request, socket, head) {
			const url = new URL(request.url ?? '/', 'http://localhost');
			if (url.pathname !== COLLAB_PATH) return false;
			if (!isAllowedOrigin(request.headers.origin, request.headers.host, config.origin)) {
				// Cross-site websocket hijacking: a page elsewhere must not ride on our session cookie.
				socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
				return true;
			}
			const allowance = preAuth.admit(request, socket);
			if (!allowance) {
				socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
				return true;
			}
			const webRequest = upgradeRequest(request);
			allowances.set(webRequest, allowance);
			void websockets.handleUpgrade(request, socket, head, webRequest);
			return true;
		},
		async destroy() {
			const stored = new Promise<void>((resolve) => {
				if (hocuspocus.getDocumentsCount() === 0) return resolve();
				hocuspocus.configuration.extensions.push({
					afterUnloadDocument({ instance }) {
						if (instance.getDocumentsCount() === 0) resolve();
						return Promise.resolve();
					}
				});
			});
			hocuspocus.closeConnections();
			hocuspocus.flushPendingStores();
			await Promise.race([
				stored,
				new Promise((resolve) => setTimeout(resolve, collaborationLimits.shutdownStoreWaitMs))
			]);
			// Extensions let go of what they hold: Redis connections, store retries.
			await hocuspocus.hooks('onDestroy', { instance: hocuspocus }).catch((error: unknown) => {
				log('collaboration shutdown hook failed', { ...describeError(error) });
			});
			await updateLog.drain();
			await compactor.close();
			await revocations?.close();
		}
	};
}
