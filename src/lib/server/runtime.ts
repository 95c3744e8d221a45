// The process-wide services, shared between the production entry (or the Vite dev plugin) and
// SvelteKit's server modules. They are bundled separately, so the one instance lives on globalThis:
// PGlite in particular must be opened exactly once per process.
import type { ELDHistogram } from 'node:perf_hooks';
import type { BackgroundWork } from './background.ts';
import type * as Y from 'yjs';
import type { TandemConfig } from './config.ts';
import type { Database } from './db/client.ts';
import type { LatencyHistogram } from './latency-histogram.ts';
import type { LedgerQueue } from './ledger/ledger-queue.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { MediaPaths } from './media/media-store.ts';

export interface CollaborationStats {
	connections: number;
	documents: number;
	updatesAppended: number;
	appendFailures: number;
	storeFailures: number;
	commitLatency: LatencyHistogram;
}

/**
 * On whose behalf the server changes a document: a person (their id goes on the log row and on the
 * document as its last editor), or Tandem itself (`userId: null`, e.g. a goal kept up to date by an
 * observation's feed).
 */
export interface ChangeActor {
	userId: string | null;
}

/** What HTTP-side code may ask of the collaboration server. */
export interface CollaborationControl {
	// Each close reaches every process serving the documents (through Redis when scaled out); the count
	// returned is of this process's sockets only.
	/** Close every socket of this user (optionally only on one document) with the given close code. */
	closeUserConnections(userId: string, code: number, documentId?: string): number;
	/** Close this user's sockets on the documents of one workspace (a deletion request there). */
	closeUserWorkspaceConnections(userId: string, workspaceId: string, code: number): number;
	/** Close the sockets opened with one personal access token (its revocation). */
	closeTokenConnections(tokenId: string, code: number): number;
	/** Close the sockets opened with one session (logout). */
	closeSessionConnections(sessionId: string, code: number): number;
	/** Close every socket on a document, e.g. after deletion. */
	closeDocumentConnections(documentId: string, code: number): number;
	/**
	 * The one way the server changes a document. `edit` runs in one Yjs transaction on the live document
	 * (loaded if needed), written as the actor's own Yjs client, so peers see it at once. Resolves (true
	 * when anything changed) once the change is committed to the update log. Rejects with an
	 * `unavailable` AppError when the database did not answer: the caller answers 503 and goes no further.
	 * A change that was made but not committed stays in the document's unlogged queue, committed before
	 * anything else on the document is acknowledged (durability), so it may still appear later.
	 */
	change(documentId: string, actor: ChangeActor, edit: (doc: Y.Doc) => void): Promise<boolean>;
	/**
	 * control.change's history-less counterpart (a deletion request): the document keeps its present text,
	 * and its stored history (log rows, versions, the text once typed and deleted) is replaced by one
	 * garbage-collected snapshot of the live document. Resolves once that is committed; rejects with an
	 * `unavailable` AppError when the database did not answer, leaving the history as it was.
	 */
	replaceHistory(documentId: string): Promise<void>;
	/** Everything acknowledged so far: the live document when loaded, else the stored state. */
	currentState(documentId: string): Promise<Uint8Array>;
	/**
	 * Who has each of these documents open right now (this process), one entry per person. Callers decide
	 * who may learn it: only ask for documents the viewer may read.
	 */
	presence(documentIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>>;
	stats(): CollaborationStats;
}

export interface Runtime {
	config: TandemConfig;
	database: Database;
	collaboration: CollaborationControl;
	mailer: Mailer;
	/** Access-ledger rows, written after the answer; drained at shutdown. */
	ledger: LedgerQueue;
	/** Background jobs on the same database (video processing). */
	jobs: JobQueue;
	/** Where lesson videos' files are. */
	media: MediaPaths;
	/** Work after a response (mail); drained before the database closes. */
	background: BackgroundWork;
	/** Event-loop delay since start, for /metrics. */
	eventLoopDelay: ELDHistogram;
	log: (message: string, fields?: Record<string, unknown>) => void;
}

const KEY = Symbol.for('tandem.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
	(globalThis as Holder)[KEY] = runtime;
}

export function getRuntime(): Runtime {
	const runtime = (globalThis as Holder)[KEY];
	if (!runtime)
		throw new Error('Tandem runtime is not started: run the app through `npm start` or `npm run dev`');
	return runtime;
}
