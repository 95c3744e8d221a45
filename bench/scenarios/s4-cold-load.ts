// S4 cold load (issue #7): a document with a long real history — the B4 editing trace, 259,778 operations
// typing the LaTeX source of arXiv:1608.03960 (editing trace by Martin Kleppmann via automerge-perf,
// packaged by Joseph Gentle in josephg/editing-traces, CC BY 4.0; read from ../shared/data, not copied
// here) — is stored in each server, then 40 cold joins (nothing in memory) are compared with 40 warm joins.
//
// How the history gets in: through each server's own socket path, never written around it. The trace is
// replayed one Yjs transaction per operation and the per-operation updates are streamed over one
// authenticated socket in frames of HISTORY_OPS_PER_FRAME operations, each frame acknowledged before the
// run goes on (on Tandem: committed to its update log; its compactions fold the log as they would for a
// real author). The last TAIL_OPS operations are then typed one per frame and Tandem is killed with
// SIGKILL before its debounced compaction, so the stored state is one snapshot row plus a log tail, as a
// crash leaves it; it is restarted on the same database. Stock Hocuspocus's Database extension stores the
// whole state in one row. y-websocket (no persistence) and the relay keep nothing once the last client
// leaves: a cold load does not exist there, so they are reported warm-only.
import type {
	BenchServer,
	JoinInfo,
	Scenario,
	ScenarioContext,
	ServerRun,
	TargetOutcome
} from '../scenario.ts';
import { histogram, percentiles } from '../support.ts';
import {
	framesOf,
	readTrace,
	replayTrace,
	TRACE_ATTRIBUTION,
	type Replay
} from '../trace/automerge-paper.ts';
import { holdDocument, join, writeHistory } from './s4/clients.ts';
import { DatabaseMeter } from './s5/database.ts';
import type { Percentiles } from './s5/protocol.ts';

const TEXT_NAME = 'trace';
const HISTORY_OPS_PER_FRAME = 250;
/** Cold-join targets: against the warm join of the same server, and absolute. */
const COLD_OVER_WARM = 1.15;
const COLD_P99_MS = 50;
/** "A bounded tail": at most this many log rows besides the snapshot. */
const TAIL_BOUND = 500;
/** Unmeasured joins first, so the comparison is not of the JIT. */
const WARMUP_JOINS = 3;
/** After the last client leaves, time for the server to unload the document before the next cold join. */
const UNLOAD_WAIT_MS = 100;

interface Plan {
	ops: number | undefined;
	tailOps: number;
	joins: number;
}

function plan(context: ScenarioContext): Plan {
	return context.scale<Plan>(
		{ ops: undefined, tailOps: 500, joins: 40 },
		{ ops: 20_000, tailOps: 100, joins: 10 }
	);
}

interface History {
	replay: Replay;
	text: string;
	/** Frames of HISTORY_OPS_PER_FRAME operations, then the tail one operation per frame. */
	frames: Uint8Array[];
	tail: Uint8Array[];
	replayMs: number;
}

let history: History | null = null;

/** Replayed once per run and shared by every server: the same bytes go to each. */
function loadHistory(context: ScenarioContext): History {
	const { ops, tailOps } = plan(context);
	if (history && history.replay.updates.length === (ops ?? history.replay.updates.length)) return history;
	const started = performance.now();
	const replay = replayTrace(readTrace(), { limit: ops, textName: TEXT_NAME, clientID: 1_608_03960 });
	const replayMs = performance.now() - started;
	const head = replay.updates.slice(0, replay.updates.length - tailOps);
	history = {
		replay,
		text: replay.text.toString(),
		frames: framesOf(head, HISTORY_OPS_PER_FRAME),
		tail: replay.updates.slice(replay.updates.length - tailOps),
		replayMs
	};
	context.log(
		`s4: replayed ${replay.updates.length.toLocaleString('en-US')} operations in ${Math.round(replayMs)} ms ` +
			`(${history.text.length.toLocaleString('en-US')} characters, ${replay.updateBytes.toLocaleString('en-US')} update bytes)`
	);
	return history;
}

export interface S4Run {
	operations: number;
	characters: number;
	updateBytes: number;
	/** How the history was stored, and how long that took. */
	stored: {
		how: string;
		frames: number;
		tailFrames: number;
		ms: number;
		/** Tandem: rows a cold load reads, from the database (snapshot row + log tail). */
		snapshotRows: number | null;
		tailRows: number | null;
		storedBytes: number | null;
	};
	cold: (Percentiles & { rowsPerLoad: number | null; loads: number | null }) | null;
	warm: Percentiles;
	/** Every measured joiner ended up with the replayed text. */
	contentMatches: boolean;
	measuringCpuShare: number;
}

async function metric(server: BenchServer, names: string[]): Promise<Map<string, number>> {
	const found = new Map<string, number>();
	try {
		const text = await (await fetch(`${server.url}/metrics`)).text();
		for (const line of text.split('\n')) {
			const [name, value] = line.split(' ');
			if (name && value && names.includes(name)) found.set(name, Number(value));
		}
	} catch {
		// no /metrics on this build: the database count stands
	}
	return found;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function storeHistory(
	server: BenchServer,
	info: JoinInfo,
	h: History,
	meter: DatabaseMeter | null
): Promise<S4Run['stored']> {
	const started = performance.now();
	if (server.kind === 'tandem') {
		await writeHistory(info, h.frames);
		// The last socket left: Tandem compacts the log into its snapshot on unload.
		if (meter) {
			await waitUntil(
				async () => {
					const rows = await meter.tandemRows(info.documentName);
					return rows.snapshot === 1 && rows.tail === 0;
				},
				120_000,
				'the compaction of the history'
			);
		}
		// The last stretch typed one keystroke per frame, then a crash before the debounced compaction.
		await writeHistory(info, h.tail);
		await server.kill9();
		await server.restart();
		const rows = meter ? await meter.tandemRows(info.documentName) : null;
		return {
			how:
				`${h.frames.length} frames of ${HISTORY_OPS_PER_FRAME} operations over one authenticated socket, each committed to the update log ` +
				`and compacted by Tandem itself; then ${h.tail.length} operations one per frame and kill -9 before the debounced compaction, restart`,
			frames: h.frames.length,
			tailFrames: h.tail.length,
			ms: performance.now() - started,
			snapshotRows: rows?.snapshot ?? null,
			tailRows: rows?.tail ?? null,
			storedBytes: rows ? rows.snapshotBytes : null
		};
	}
	// Stock Hocuspocus: stored whole by its Database extension when the writer leaves.
	await writeHistory(info, [...h.frames, ...h.tail]);
	let storedBytes: number | null = null;
	if (meter) {
		await waitUntil(
			async () => {
				const [row] = await meter.query()<{ bytes: number }[]>`
					select length(data) as bytes from documents where name = ${info.documentName}`;
				storedBytes = row?.bytes ?? null;
				return storedBytes !== null;
			},
			30_000,
			'the stored document'
		);
	}
	return {
		how: `${h.frames.length + h.tail.length} frames over one socket; the Database extension stores the whole state in one row when the writer leaves`,
		frames: h.frames.length,
		tailFrames: h.tail.length,
		ms: performance.now() - started,
		snapshotRows: null,
		tailRows: null,
		storedBytes
	};
}

async function run(server: BenchServer, context: ScenarioContext): Promise<S4Run> {
	const h = loadHistory(context);
	const { joins } = plan(context);
	const [info] = await server.prepareDocuments(1, 'B4 trace');
	if (!info) throw new Error('no document to join');
	const persistent = server.kind === 'tandem' || server.kind === 'hocuspocus';
	const meter = persistent && server.env.DATABASE_URL ? DatabaseMeter.open(server.env.DATABASE_URL) : null;
	const cpuStart = process.cpuUsage();
	const wallStart = performance.now();
	let contentMatches = true;
	const timedJoin = async () => {
		const joined = await join(info);
		if (joined.doc.getText(TEXT_NAME).toString() !== h.text) contentMatches = false;
		joined.leave();
		joined.doc.destroy();
		return joined.ms;
	};
	try {
		let stored: S4Run['stored'];
		let cold: S4Run['cold'] = null;
		let releaseHolder: () => void;
		if (persistent) {
			stored = await storeHistory(server, info, h, meter);
			context.log(`s4 ${server.kind}: history stored in ${Math.round(stored.ms)} ms`);
			const loadsBefore = await metric(server, [
				'tandem_document_load_rows_sum',
				'tandem_document_load_rows_count'
			]);
			const coldJoins = histogram();
			for (let i = 0; i < WARMUP_JOINS + joins; i++) {
				const ms = await timedJoin();
				if (i >= WARMUP_JOINS) coldJoins.recordValue(Math.max(1, Math.round(ms * 1000)));
				await new Promise((resolve) => setTimeout(resolve, UNLOAD_WAIT_MS));
			}
			const loadsAfter = await metric(server, [
				'tandem_document_load_rows_sum',
				'tandem_document_load_rows_count'
			]);
			const loads =
				(loadsAfter.get('tandem_document_load_rows_count') ?? Number.NaN) -
				(loadsBefore.get('tandem_document_load_rows_count') ?? Number.NaN);
			const rows =
				(loadsAfter.get('tandem_document_load_rows_sum') ?? Number.NaN) -
				(loadsBefore.get('tandem_document_load_rows_sum') ?? Number.NaN);
			cold = {
				...percentiles(coldJoins),
				loads: Number.isFinite(loads) ? loads : null,
				rowsPerLoad: Number.isFinite(rows) && loads > 0 ? rows / loads : null
			};
			const holder = await join(info);
			releaseHolder = () => holder.leave();
		} else {
			// Nothing persists here: a client holding the whole history keeps the document alive.
			releaseHolder = await holdDocument(info, h.replay.doc, server.kind === 'y-websocket');
			stored = {
				how: 'not stored (no persistence): a client holding the replayed document stays connected',
				frames: 0,
				tailFrames: 0,
				ms: 0,
				snapshotRows: null,
				tailRows: null,
				storedBytes: null
			};
		}
		const warmJoins = histogram();
		for (let i = 0; i < WARMUP_JOINS + joins; i++) {
			const ms = await timedJoin();
			if (i >= WARMUP_JOINS) warmJoins.recordValue(Math.max(1, Math.round(ms * 1000)));
		}
		releaseHolder();
		const cpu = process.cpuUsage(cpuStart);
		return {
			operations: h.replay.updates.length,
			characters: h.text.length,
			updateBytes: h.replay.updateBytes,
			stored,
			cold,
			warm: percentiles(warmJoins),
			contentMatches,
			measuringCpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart)
		};
	} finally {
		await meter?.close();
	}
}

const fmt = (value: number | null | undefined, digits = 1): string =>
	value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

function summarize(runs: ServerRun<S4Run>[], context: ScenarioContext) {
	const { joins, tailOps } = plan(context);
	const first = runs.find((r) => r.run)?.run;
	const lines: string[] = [
		`The B4 editing trace (${TRACE_ATTRIBUTION}): ${first ? first.operations.toLocaleString('en-US') : '?'} operations ` +
			`replayed one Yjs transaction per operation, ${first ? first.characters.toLocaleString('en-US') : '?'} characters. ` +
			`${joins} cold joins (document not in memory) and ${joins} warm joins (another client holds it), each a real provider ` +
			`with an empty Y.Doc, timed from opening the socket to holding the whole document; ${WARMUP_JOINS} unmeasured joins first. ` +
			'The joins are one probe client at a time in the bench process (no load generator: the generator CPU above does not apply; ' +
			`the bench process used ${runs
				.filter((r) => r.run)
				.map((r) => `${r.kind} ${Math.round((r.run?.measuringCpuShare ?? 0) * 100)}%`)
				.join(', ')} of a core).`,
		'',
		'| Server | cold p50 / p99 (ms) | warm p50 / p99 (ms) | cold ÷ warm (p50) | rows per cold load | stored | content |',
		'|---|---|---|---|---|---|---|'
	];
	for (const r of runs) {
		if (!r.run) {
			lines.push(`| ${r.kind} | failed: ${r.error ?? 'no result'} | | | | | |`);
			continue;
		}
		const run = r.run;
		const rows =
			r.kind === 'tandem'
				? `${fmt(run.cold?.rowsPerLoad, 0)} (database: ${run.stored.snapshotRows ?? '?'} snapshot + ${run.stored.tailRows ?? '?'} log rows)`
				: r.kind === 'hocuspocus'
					? '1 (the whole state)'
					: 'n/a';
		lines.push(
			`| ${r.kind} | ${run.cold ? `${fmt(run.cold.p50, 2)} / ${fmt(run.cold.p99, 2)}` : 'n/a (no persistence: warm-only)'} | ` +
				`${fmt(run.warm.p50, 2)} / ${fmt(run.warm.p99, 2)} | ${run.cold ? `${fmt(run.cold.p50 / run.warm.p50, 2)}×` : 'n/a'} | ` +
				`${rows} | ${run.stored.storedBytes !== null ? `${Math.round(run.stored.storedBytes / 1024)} KB` : 'n/a'} | ` +
				`${run.contentMatches ? 'matches' : '**differs**'} |`
		);
	}
	lines.push('', '**How the history was stored**', '');
	for (const r of runs)
		if (r.run) lines.push(`- ${r.kind}: ${r.run.stored.how} (${Math.round(r.run.stored.ms)} ms).`);

	const tandem = runs.find((r) => r.kind === 'tandem');
	const hocuspocus = runs.find((r) => r.kind === 'hocuspocus')?.run;
	const t = tandem?.run;
	const status = (ok: boolean): TargetOutcome['status'] =>
		!t ? 'missed' : tandem?.void ? 'void' : ok ? 'met' : 'missed';
	const ratio = t?.cold ? t.cold.p50 / t.warm.p50 : Number.NaN;
	const rowsRead =
		t?.cold?.rowsPerLoad ?? (t ? (t.stored.snapshotRows ?? 0) + (t.stored.tailRows ?? 0) : null);
	const targets: TargetOutcome[] = [
		{
			target: `S4 cold join ≤ ${COLD_OVER_WARM} × warm join (p50)`,
			status: status(Number.isFinite(ratio) && ratio <= COLD_OVER_WARM && !!t?.contentMatches),
			detail: t?.cold
				? `Tandem cold ${fmt(t.cold.p50, 2)} ms vs warm ${fmt(t.warm.p50, 2)} ms (${fmt(ratio, 2)}×)` +
					(hocuspocus?.cold
						? `; stock Hocuspocus ${fmt(hocuspocus.cold.p50, 2)} vs ${fmt(hocuspocus.warm.p50, 2)} ms (${fmt(hocuspocus.cold.p50 / hocuspocus.warm.p50, 2)}×)`
						: '')
				: (tandem?.error ?? 'no result')
		},
		{
			target: `S4 cold join p99 ≤ ${COLD_P99_MS} ms`,
			status: status(!!t?.cold && t.cold.p99 <= COLD_P99_MS),
			detail: t?.cold
				? `Tandem ${fmt(t.cold.p99, 2)} ms` +
					(hocuspocus?.cold ? `; stock Hocuspocus ${fmt(hocuspocus.cold.p99, 2)} ms` : '')
				: 'no result'
		},
		{
			target: `S4 a cold load reads one snapshot row plus a bounded tail (≤ ${TAIL_BOUND} rows)`,
			status: status(!!t && t.stored.snapshotRows === 1 && rowsRead !== null && rowsRead <= 1 + TAIL_BOUND),
			detail: t
				? `Tandem reads ${fmt(rowsRead, 0)} rows per cold load (${t.stored.snapshotRows ?? '?'} snapshot + ${t.stored.tailRows ?? '?'} log rows; ` +
					`the tail is the ${tailOps} keystrokes typed after the last compaction and left by kill -9), for a history of ` +
					`${t.operations.toLocaleString('en-US')} operations`
				: 'no result'
		}
	];
	return { markdown: lines.join('\n'), targets };
}

export const s4ColdLoad: Scenario<S4Run> = {
	id: 's4',
	title: 'S4 cold load: a document with the 259,778-operation B4 history, cold joins against warm joins',
	run,
	summarize
};
