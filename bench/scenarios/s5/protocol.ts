// Messages between the S5 scenario and its load generator (a separate process on its own core).
import type { Percentiles } from '../../generator/protocol.ts';
import type { WireProtocol } from './keystrokes.ts';

/** The scenarios' one percentile shape, as the general load generator reports it. */
export type { Percentiles };

export interface SocketSpec {
	url: string;
	documentName: string;
	headers?: Record<string, string>;
	/** Hocuspocus authentication token ('' when the session cookie authenticates). */
	token?: string;
}

/** Where stock Hocuspocus's Database extension keeps documents: polled to see when an edit is stored. */
export interface StoredStatePoll {
	databaseUrl: string;
	/** SELECT returning (name text, version text) per document; version changes on every write. */
	versionsQuery: string;
	/** SELECT of the stored state (bytea) with $1 = document name. */
	stateQuery: string;
	intervalMs: number;
}

export interface PhaseStats {
	name: string;
	ratePerSocket: number;
	offeredPerSecond: number;
	wallMs: number;
	sent: number;
	/** Bytes of the Yjs updates sent (without framing): what "bytes written per update" compares to. */
	payloadBytes: number;
	/** SyncStatus "saved" answers (Hocuspocus protocol only). */
	acknowledged: number;
	refused: number;
	/** Edits seen in the stored state by polling (stock Hocuspocus only). */
	storedByPoll: number;
	/** Frames not sent because the socket already had too many unanswered (open loop with a cap). */
	skipped: number;
	/** Outstanding (sent, not acknowledged) edits across sockets at the end of the phase. */
	backlogAtEnd: number;
	openSockets: number;
	acknowledgement: Percentiles;
	storedByPollLatency: Percentiles;
	delivery: Percentiles;
	/** Generator CPU during the phase as a fraction of one core. */
	generatorCpu: number;
}

export interface SocketAudit {
	documentName: string;
	client: number;
	sent: number;
	acknowledged: number;
	storedByPoll: number;
}

export interface DocumentState {
	documentName: string;
	/** Yjs state vector of the document as the server sends it: [client, clock] pairs. */
	stateVector: [number, number][];
	error?: string;
}

export type ToGenerator =
	| { type: 'connect'; protocol: WireProtocol; sockets: SocketSpec[]; poll?: StoredStatePoll }
	| { type: 'phase'; name: string; ratePerSocket: number; durationMs: number; maxOutstanding: number }
	| { type: 'audit' }
	| { type: 'settle'; timeoutMs: number }
	| { type: 'stored-latency' }
	| { type: 'disconnect' }
	| { type: 'verify'; protocol: WireProtocol; sockets: SocketSpec[]; timeoutMs: number }
	| { type: 'exit' };

export type FromGenerator =
	| { type: 'ready' }
	| { type: 'connected'; sockets: number; ms: number }
	| { type: 'phase-done'; stats: PhaseStats }
	| { type: 'audit'; sockets: SocketAudit[] }
	| { type: 'settled'; ms: number; unstored: number }
	| { type: 'stored-latency'; byPhase: Record<string, Percentiles> }
	| { type: 'disconnected' }
	| { type: 'verified'; documents: DocumentState[] }
	| { type: 'error'; message: string };
