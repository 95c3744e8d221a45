// The "B4" editing trace: the keystrokes that wrote the LaTeX source of arXiv:1608.03960 (259,778
// operations ending in a 104,852-character text). Editing trace by Martin Kleppmann (automerge-perf),
// packaged by Joseph Gentle in josephg/editing-traces (sequential_traces/automerge-paper.json.gz);
// licensed CC BY 4.0. It is read from ../shared/data next to the project, never copied into the repo.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';

export const TRACE_ATTRIBUTION =
	'Editing trace by Martin Kleppmann (automerge-perf), packaged by Joseph Gentle in josephg/editing-traces; CC BY 4.0';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRACE_FILE = 'shared/data/automerge-paper.json.gz';

/**
 * Where the trace is: EDITING_TRACE when set; else ../shared next to the project; else the workplace's
 * shared folder (/work/shared), where a clean clone checked out elsewhere on this machine finds it.
 */
export const TRACE_PATH =
	process.env.EDITING_TRACE ||
	[path.resolve(projectRoot, '..', TRACE_FILE), path.join('/work', TRACE_FILE)].find((file) =>
		existsSync(file)
	) ||
	path.resolve(projectRoot, '..', TRACE_FILE);

/** One edit: at `position`, delete `deleteCount` characters, then insert `insert` there. */
export type TracePatch = readonly [position: number, deleteCount: number, insert: string];

export interface EditingTrace {
	startContent: string;
	endContent: string;
	/** One patch per operation, in order (every transaction of this trace holds exactly one patch). */
	patches: TracePatch[];
}

interface SequentialTraceFile {
	startContent: string;
	endContent: string;
	txns: { time?: string; patches: [number, number, string][] }[];
}

export function readTrace(file = TRACE_PATH): EditingTrace {
	if (!existsSync(file)) {
		throw new Error(
			`The editing trace is missing: expected ${file} (automerge-paper.json.gz from josephg/editing-traces, ` +
				'in ../shared/data next to the project, or named by EDITING_TRACE). It is not kept in this repository.'
		);
	}
	const parsed = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as SequentialTraceFile;
	if (!Array.isArray(parsed.txns)) throw new Error(`${file} is not a sequential editing trace (no txns)`);
	const patches: TracePatch[] = [];
	for (const txn of parsed.txns) for (const patch of txn.patches) patches.push(patch);
	return { startContent: parsed.startContent, endContent: parsed.endContent, patches };
}

/** Applies patches to a plain string: the reference a replay is checked against. */
export function applyToString(start: string, patches: readonly TracePatch[]): string {
	let text = start;
	for (const [position, deleteCount, insert] of patches) {
		text = text.slice(0, position) + insert + text.slice(position + deleteCount);
	}
	return text;
}

export interface Replay {
	doc: Y.Doc;
	text: Y.Text;
	/** The V1 update of each operation's transaction, in order: the document's real history. */
	updates: Uint8Array[];
	updateBytes: number;
}

export interface ReplayOptions {
	/** Replay only the first `limit` operations. */
	limit?: number;
	/** The shared type the trace is typed into. */
	textName?: string;
	/** Yjs client id of the writer, so that a replay is the same bytes every time. */
	clientID?: number;
}

/** Replays the trace into a fresh Y.Doc, one transaction per operation, as one user typing it would. */
export function replayTrace(trace: EditingTrace, options: ReplayOptions = {}): Replay {
	const doc = new Y.Doc();
	if (options.clientID !== undefined) doc.clientID = options.clientID;
	const text = doc.getText(options.textName ?? 'trace');
	const updates: Uint8Array[] = [];
	let updateBytes = 0;
	doc.on('update', (update: Uint8Array) => {
		updates.push(update);
		updateBytes += update.byteLength;
	});
	if (trace.startContent) text.insert(0, trace.startContent);
	const count = Math.min(options.limit ?? trace.patches.length, trace.patches.length);
	for (let i = 0; i < count; i++) {
		const [position, deleteCount, insert] = trace.patches[i] as TracePatch;
		doc.transact(() => {
			if (deleteCount > 0) text.delete(position, deleteCount);
			if (insert.length > 0) text.insert(position, insert);
		});
	}
	return { doc, text, updates, updateBytes };
}

/**
 * Groups consecutive per-operation updates into frames of `perFrame` operations each (Y.mergeUpdates), so
 * a long history can be sent over one socket without one round trip per keystroke. The merged frames
 * yield the same document: merging keeps every struct and deletion of its inputs.
 */
export function framesOf(updates: readonly Uint8Array[], perFrame: number): Uint8Array[] {
	const frames: Uint8Array[] = [];
	for (let i = 0; i < updates.length; i += perFrame) {
		const chunk = updates.slice(i, i + perFrame);
		frames.push(chunk.length === 1 ? (chunk[0] as Uint8Array) : Y.mergeUpdates(chunk));
	}
	return frames;
}
