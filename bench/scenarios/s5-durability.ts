// S5 durability (issue #7): 50 documents × 2 clients × 5 ops/s, then the rate ramps to saturation, then the
// server is killed with SIGKILL mid-run and started again on the same database.
// - Edit→committed: for Tandem, the time until its "saved" acknowledgement (sent after the commit). Stock
//   Hocuspocus acknowledges on apply, not on commit, so for it the time until a stored state (its Database
//   extension's row, polled) contains the edit. y-websocket and the relay store nothing: n/a.
// - Durably stored per second: Tandem's acknowledged (= committed) edits per second at saturation,
//   cross-checked against rows appended to its log; for Hocuspocus, edits found in stored states per second.
// - Bytes written per update: this database's WAL records (read back with pg_walinspect; the cluster-wide
//   pg_current_wal_lsn delta, which counts anything else writing to the same Postgres, beside it) and
//   database growth, over the Yjs update bytes.
// - Loss: every edit a client saw acknowledged is the Yjs struct (client, k); after the restart each
//   document is loaded through the server and its state vector says which of them it still holds.
import type {
	BenchServer,
	Scenario,
	ScenarioContext,
	ServerKind,
	ServerRun,
	TargetOutcome
} from '../scenario.ts';
import { GENERATOR_CPU_LIMIT } from '../scenario.ts';
import { DatabaseMeter, delta, WalAccount, type DatabaseDelta, type DatabaseReading } from './s5/database.ts';
import { LoadGenerator } from './s5/load.ts';
import type { Percentiles, PhaseStats, SocketSpec, StoredStatePoll } from './s5/protocol.ts';

const DOCUMENTS = 50;
const CLIENTS_PER_DOCUMENT = 2;
const BASE_OPS_PER_SECOND = 5;
/** Open loop, but a socket with this many unanswered edits skips its next ones (and that counts). */
const MAX_OUTSTANDING = 50;
/** A step keeps up when this share of what was offered is acknowledged, nothing skipped. */
const KEEPS_UP = 0.9;
const SATURATED_P99_MS = 1000;
/** The ramp stops once the generator uses this share of its core (the run is void above 0.7). */
const GENERATOR_NEAR_LIMIT = 0.6;
const POLL_INTERVAL_MS = 25;

/** What the acknowledgement means on each server. */
const acknowledgementMeaning: Record<ServerKind, 'commit' | 'apply' | 'none'> = {
	tandem: 'commit',
	hocuspocus: 'apply',
	'y-websocket': 'none',
	relay: 'none'
};

interface Plan {
	baseMs: number;
	stepMs: number;
	/** Ops/s per client, after the base rate. */
	ramp: number[];
	killPhaseMs: number;
	drainMs: number;
	/** Longest wait for stock Hocuspocus's debounced stores to catch up (its maximum is 10 s). */
	settleMs: number;
}

function plan(context: ScenarioContext): Plan {
	return context.scale<Plan>(
		{
			baseMs: 10_000,
			stepMs: 3000,
			ramp: [10, 25, 50, 100, 200, 400],
			killPhaseMs: 6000,
			drainMs: 8000,
			settleMs: 12_000
		},
		{ baseMs: 2500, stepMs: 1500, ramp: [25, 100, 300], killPhaseMs: 2500, drainMs: 5000, settleMs: 12_000 }
	);
}

export interface PhaseRecord extends PhaseStats {
	serverCpuShare: number;
	database: DatabaseDelta | null;
	/** Edits that became durable in this phase, per second (acknowledged on Tandem; polled on Hocuspocus). */
	storedPerSecond: number | null;
	keptUp: boolean;
}

export interface S5Run {
	acknowledgement: 'commit' | 'apply' | 'none';
	sockets: number;
	connectMs: number;
	base: PhaseRecord;
	ramp: PhaseRecord[];
	/** Stock Hocuspocus: edit→stored of the edits sent in the base phase, however long their store took. */
	baseEditToStored: Percentiles | null;
	saturation: {
		/** Why the ramp stopped. */
		rampEnded: 'saturation' | 'generator near its CPU limit' | 'top of the ramp' | 'not run';
		/** The highest offered rate the server kept up with (ops/s over all clients). */
		sustainedOffered: number | null;
		/** The most edits per second it acknowledged in any step. */
		acknowledgedPerSecond: number;
		/** Durably stored per second at saturation (see storedPerSecond), null when nothing is stored. */
		storedPerSecond: number | null;
		/** Rows the log gained per second in that step (Tandem): the database's view of the same figure. */
		logRowsPerSecond: number | null;
	};
	writes: {
		updates: number;
		payloadBytesPerUpdate: number;
		/** 'database': this database's WAL records (pg_walinspect); 'cluster': every database's. */
		walScope: 'database' | 'cluster';
		walBytesPerUpdate: number;
		/** Of walBytesPerUpdate, full-page images (after checkpoints, which other databases' DROPs force). */
		fullPageImageBytesPerUpdate: number | null;
		clusterWalBytesPerUpdate: number;
		unreadWalChunks: number;
		databaseBytesPerUpdate: number;
		/** WAL bytes over update bytes. */
		amplification: number | null;
	} | null;
	kill: {
		phase: PhaseRecord;
		killedAfterMs: number;
		sent: number;
		acknowledged: number;
		/** Edits seen in a stored state before the kill (Hocuspocus). */
		seenStored: number;
		/** Of the acknowledged edits, those a document still held after the restart. */
		acknowledgedKept: number;
		lostAcknowledged: number;
		/** Edits found stored before the kill and missing after it: never acceptable. */
		lostSeenStored: number;
		/** Edits the documents held after the restart, acknowledged or not. */
		heldAfterRestart: number;
		documentsVerified: number;
		verifyErrors: string[];
	};
	generatorCpuShare: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pollFor(kind: ServerKind, server: BenchServer): StoredStatePoll | undefined {
	if (kind !== 'hocuspocus' || !server.env.DATABASE_URL) return undefined;
	// bench/servers/hocuspocus-server.ts: documents(name, data); xmin changes with every write of a row.
	return {
		databaseUrl: server.env.DATABASE_URL,
		versionsQuery: 'select name, xmin::text as version from documents',
		stateQuery: 'select data as state from documents where name = $1',
		intervalMs: POLL_INTERVAL_MS
	};
}

async function run(server: BenchServer, context: ScenarioContext): Promise<S5Run> {
	const kind = server.kind;
	const meaning = acknowledgementMeaning[kind];
	const p = plan(context);
	const joins = await server.prepareDocuments(DOCUMENTS, 'S5');
	const protocol = joins[0]?.protocol ?? 'hocuspocus';
	const sockets: SocketSpec[] = joins.flatMap((join) =>
		Array.from({ length: CLIENTS_PER_DOCUMENT }, () => ({
			url: join.url,
			documentName: join.documentName,
			headers: join.headers,
			token: ''
		}))
	);
	const meter =
		meaning !== 'none' && server.env.DATABASE_URL ? DatabaseMeter.open(server.env.DATABASE_URL) : null;
	const generator = await LoadGenerator.start({ cpu: 1 });
	try {
		const connectMs = await generator.connect(protocol, sockets, pollFor(kind, server));

		const measured = async (name: string, rate: number, durationMs: number): Promise<PhaseRecord> => {
			const cpuBefore = await server.cpuSeconds();
			const dbBefore: DatabaseReading | null = meter ? await meter.read() : null;
			const stats = await generator.phase(name, rate, durationMs, MAX_OUTSTANDING);
			const cpuAfter = await server.cpuSeconds();
			const database = meter && dbBefore ? delta(dbBefore, await meter.read()) : null;
			const seconds = stats.wallMs / 1000;
			const stored =
				meaning === 'commit' ? stats.acknowledged : meaning === 'apply' ? stats.storedByPoll : null;
			const record: PhaseRecord = {
				...stats,
				// NaN when the server was killed during the phase: its CPU reading is gone with it.
				serverCpuShare: cpuAfter >= cpuBefore ? (cpuAfter - cpuBefore) / seconds : Number.NaN,
				database,
				storedPerSecond: stored === null ? null : stored / seconds,
				keptUp:
					stats.skipped === 0 &&
					(meaning === 'none' ||
						(stats.acknowledged >= KEEPS_UP * stats.sent && stats.acknowledgement.p99 <= SATURATED_P99_MS))
			};
			context.log(
				`s5 ${kind} ${name}: offered ${stats.offeredPerSecond}/s, acknowledged ${Math.round(stats.acknowledged / seconds)}/s, ` +
					`ack p50 ${stats.acknowledgement.p50} ms p99 ${stats.acknowledgement.p99} ms, skipped ${stats.skipped}, ` +
					`server CPU ${record.serverCpuShare.toFixed(2)}, generator CPU ${stats.generatorCpu.toFixed(2)}`
			);
			return record;
		};
		const drain = async () => {
			const deadline = Date.now() + p.drainMs;
			while (Date.now() < deadline) {
				const idle = await generator.phase('drain', 0, 250, MAX_OUTSTANDING);
				if (idle.backlogAtEnd === 0) return;
			}
		};

		const totals = async () => {
			const audit = await generator.audit();
			return {
				at: performance.now(),
				acknowledged: audit.reduce((sum, s) => sum + s.acknowledged, 0),
				storedByPoll: audit.reduce((sum, s) => sum + s.storedByPoll, 0)
			};
		};
		const durable = (t: Awaited<ReturnType<typeof totals>>) =>
			meaning === 'commit' ? t.acknowledged : t.storedByPoll;
		// Stock Hocuspocus stores 2 s after the last edit, at most 10 s after the first: wait for that.
		const settle = async () => {
			if (meaning !== 'apply') return null;
			const settled = await generator.settle(p.settleMs);
			context.log(
				`s5 ${kind}: stored states caught up in ${Math.round(settled.ms)} ms, ${settled.unstored} edits unstored`
			);
			return settled;
		};

		const dbStart = meter ? await meter.read() : null;
		const wal = meter && server.env.DATABASE_URL ? await WalAccount.start(server.env.DATABASE_URL) : null;
		const start = await totals();
		const base = await measured('base', BASE_OPS_PER_SECOND, p.baseMs);
		await settle();
		const afterBase = await totals();
		const ramp: PhaseRecord[] = [];
		let sustainedRate: number | null = base.keptUp ? BASE_OPS_PER_SECOND : null;
		let rampEnded: S5Run['saturation']['rampEnded'] = 'not run';
		// y-websocket and the relay acknowledge nothing and store nothing: there is no saturation to find.
		if (meaning !== 'none') {
			rampEnded = 'top of the ramp';
			for (const rate of p.ramp) {
				const step = await measured(`${rate} ops/s per client`, rate, p.stepMs);
				ramp.push(step);
				if (!step.keptUp) {
					rampEnded = 'saturation';
					break;
				}
				sustainedRate = rate;
				if (step.generatorCpu > GENERATOR_NEAR_LIMIT) {
					// Beyond this the generator, not the server, would be measured.
					rampEnded = 'generator near its CPU limit';
					break;
				}
			}
			await drain();
			await settle();
		}
		const end = await totals();
		const dbEnd = meter ? await meter.read() : null;
		const walTotals = wal ? await wal.stop() : null;

		const best = ramp.reduce<PhaseRecord | null>(
			(top, step) => (!top || step.acknowledged / step.wallMs > top.acknowledged / top.wallMs ? step : top),
			null
		);
		const stored = durable(end) - durable(start);
		const saturation: S5Run['saturation'] = {
			rampEnded,
			sustainedOffered: sustainedRate === null ? null : sustainedRate * sockets.length,
			acknowledgedPerSecond: best ? best.acknowledged / (best.wallMs / 1000) : 0,
			storedPerSecond:
				meaning === 'commit'
					? (best?.storedPerSecond ?? null)
					: meaning === 'apply' && ramp.length > 0
						? // Whole-state stores lag their edits by seconds: the ramp and its settling as a whole.
							(durable(end) - durable(afterBase)) / ((end.at - afterBase.at) / 1000)
						: null,
			logRowsPerSecond: best?.database?.logRows != null ? best.database.logRows / (best.wallMs / 1000) : null
		};
		const sentLoaded = [base, ...ramp].reduce((sum, s) => sum + s.sent, 0);
		const payloadLoaded = [base, ...ramp].reduce((sum, s) => sum + s.payloadBytes, 0);
		const payloadPerUpdate = sentLoaded > 0 ? payloadLoaded / sentLoaded : 0;
		const written = dbStart && dbEnd ? delta(dbStart, dbEnd) : null;
		const writes: S5Run['writes'] =
			written && walTotals && stored > 0
				? {
						updates: stored,
						payloadBytesPerUpdate: payloadPerUpdate,
						walScope: walTotals.databaseBytes === null ? 'cluster' : 'database',
						walBytesPerUpdate: (walTotals.databaseBytes ?? walTotals.clusterBytes) / stored,
						fullPageImageBytesPerUpdate:
							walTotals.fullPageImageBytes === null ? null : walTotals.fullPageImageBytes / stored,
						clusterWalBytesPerUpdate: walTotals.clusterBytes / stored,
						unreadWalChunks: walTotals.unreadChunks,
						databaseBytesPerUpdate: written.databaseBytes / stored,
						amplification: (walTotals.databaseBytes ?? walTotals.clusterBytes) / stored / payloadPerUpdate
					}
				: null;
		const storedLatency = meaning === 'apply' ? await generator.storedLatency() : {};

		// kill -9 halfway through a phase at the highest rate the server kept up with.
		const killRate = sustainedRate ?? BASE_OPS_PER_SECOND;
		const killedAfterMs = Math.round(p.killPhaseMs / 2);
		const killPhase = measured(`kill -9 at ${killRate} ops/s per client`, killRate, p.killPhaseMs);
		await sleep(killedAfterMs);
		await server.kill9();
		const killRecord = await killPhase;
		await sleep(POLL_INTERVAL_MS * 4); // the last poll of a stored state lands
		const audit = await generator.audit();
		await generator.disconnect();
		await server.restart();

		// Load every document through the restarted server, as the next client would.
		const documents =
			kind === 'relay'
				? [] // the relay answers nobody's sync step 1: it holds no document
				: await generator.verify(
						protocol,
						joins.map((join) => ({
							url: join.url,
							documentName: join.documentName,
							headers: join.headers,
							token: ''
						}))
					);
		const held = new Map(documents.map((d) => [d.documentName, new Map(d.stateVector)]));
		let acknowledged = 0;
		let kept = 0;
		let lostSeenStored = 0;
		let heldAfterRestart = 0;
		let sent = 0;
		let seenStored = 0;
		for (const socket of audit) {
			const clock = held.get(socket.documentName)?.get(socket.client) ?? 0;
			sent += socket.sent;
			acknowledged += socket.acknowledged;
			seenStored += socket.storedByPoll;
			kept += Math.min(clock, socket.acknowledged);
			heldAfterRestart += Math.min(clock, socket.sent);
			lostSeenStored += Math.max(0, socket.storedByPoll - clock);
		}
		const generatorCpuShare = Math.max(
			...[base, ...ramp, killRecord].map((s) => s.generatorCpu).filter((x) => Number.isFinite(x))
		);
		return {
			acknowledgement: meaning,
			sockets: sockets.length,
			connectMs,
			base,
			ramp,
			saturation,
			writes,
			baseEditToStored: storedLatency.base ?? null,
			kill: {
				phase: killRecord,
				killedAfterMs,
				sent,
				acknowledged,
				seenStored,
				acknowledgedKept: kept,
				lostAcknowledged: acknowledged - kept,
				lostSeenStored,
				heldAfterRestart,
				documentsVerified: documents.filter((d) => !d.error).length,
				verifyErrors: [...new Set(documents.flatMap((d) => (d.error ? [d.error] : [])))]
			},
			generatorCpuShare
		};
	} finally {
		await generator.stop();
		await meter?.close();
	}
}

// ---- Summary ---------------------------------------------------------------------------------------

const fmt = (value: number | null | undefined, digits = 1): string =>
	value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const count = (value: number | null | undefined): string =>
	value === null || value === undefined || !Number.isFinite(value)
		? 'n/a'
		: Math.round(value).toLocaleString('en-US');

/** Edit→committed at the base rate: Tandem's acknowledgement; stock Hocuspocus's polled stores. */
function editToCommitted(run: S5Run): Percentiles | null {
	if (run.acknowledgement === 'commit') return run.base.acknowledgement;
	if (run.acknowledgement === 'apply' && run.baseEditToStored && run.baseEditToStored.count > 0)
		return run.baseEditToStored;
	return null;
}

function summarize(runs: ServerRun<S5Run>[], context: ScenarioContext) {
	const rows: string[] = [];
	const by = new Map(runs.map((r) => [r.kind, r]));
	const isVoid = (r: ServerRun<S5Run>) => r.void || (r.run?.generatorCpuShare ?? 0) > GENERATOR_CPU_LIMIT;

	rows.push(
		`${DOCUMENTS} documents × ${CLIENTS_PER_DOCUMENT} clients × ${BASE_OPS_PER_SECOND} ops/s, then a ramp to saturation ` +
			`(${plan(context).ramp.join(', ')} ops/s per client), then \`kill -9\` mid-phase and a restart on the same database. ` +
			'Edits are pre-encoded Yjs keystrokes (each client types into its own chain of one Y.Text) from a separate generator process pinned to core 1 ' +
			'(bench/scenarios/s5/generator.ts, which also times acknowledgements; its CPU share is the last column, and a run is void above 70%). ' +
			`A client with ${MAX_OUTSTANDING} edits unanswered skips its next ones; a step keeps up when ≥ ${KEEPS_UP * 100}% of its edits are acknowledged within it, none skipped, p99 ≤ ${SATURATED_P99_MS} ms.`,
		'',
		'Edit→committed: Tandem = until its "saved" acknowledgement (sent after the commit); stock Hocuspocus acknowledges on apply, ' +
			'so its figure is until a polled state in its Database extension table contains the edit (poll every ' +
			`${POLL_INTERVAL_MS} ms; its store is debounced 2 s / at most 10 s). y-websocket and the relay store nothing: edit→peer delivery is shown instead.`,
		'',
		'| Server | base: edit→committed p50 / p99 (ms) | base: edit→peer p50 / p99 (ms) | base server CPU | highest rate kept up (ops/s) | acknowledged/s at best step | durably stored/s | log rows/s | generator CPU |',
		'|---|---|---|---|---|---|---|---|---|'
	);
	for (const r of runs) {
		if (!r.run) {
			rows.push(`| ${r.kind} | failed: ${r.error ?? 'no result'} | | | | | | | |`);
			continue;
		}
		const run = r.run;
		const committed = editToCommitted(run);
		rows.push(
			`| ${r.kind} | ${committed ? `${fmt(committed.p50, 2)} / ${fmt(committed.p99, 2)}` : 'n/a'} | ` +
				`${fmt(run.base.delivery.p50, 2)} / ${fmt(run.base.delivery.p99, 2)} | ${fmt(run.base.serverCpuShare, 2)} | ` +
				`${run.acknowledgement === 'none' ? 'n/a' : count(run.saturation.sustainedOffered)} | ` +
				`${run.acknowledgement === 'none' ? 'n/a' : count(run.saturation.acknowledgedPerSecond)} | ` +
				`${count(run.saturation.storedPerSecond)} | ${count(run.saturation.logRowsPerSecond)} | ` +
				`${fmt(run.generatorCpuShare, 2)}${isVoid(r) ? ' (void)' : ''} |`
		);
	}

	rows.push(
		'',
		'**Ramp** (per step: offered → acknowledged per second, acknowledgement p50 / p99 ms, skipped edits, server CPU)',
		''
	);
	for (const r of runs) {
		if (!r.run || r.run.ramp.length === 0) continue;
		const steps = r.run.ramp.map(
			(s) =>
				`${count(s.offeredPerSecond)} → ${count(s.acknowledged / (s.wallMs / 1000))} ` +
				`(${fmt(s.acknowledgement.p50)} / ${fmt(s.acknowledgement.p99)} ms, skipped ${count(s.skipped)}, CPU ${fmt(s.serverCpuShare, 2)})`
		);
		rows.push(`- ${r.kind}: ${steps.join('; ')} — ended at ${r.run.saturation.rampEnded}`);
	}

	rows.push(
		'',
		"**Writes** from the start of the base phase to the end of the ramp (and, for stock Hocuspocus, until its stores caught up). WAL is this database's records read back with pg_walinspect (the whole cluster's, which other processes' writes inflate, beside it)",
		'',
		'| Server | updates stored | update bytes (Yjs) | WAL bytes / update (this database) | of which full-page images | WAL / update (whole cluster) | database growth / update | amplification (WAL ÷ update) |',
		'|---|---|---|---|---|---|---|---|'
	);
	for (const r of runs) {
		const w = r.run?.writes;
		if (!w) {
			rows.push(`| ${r.kind} | n/a (stores nothing) | | | | | | |`);
			continue;
		}
		rows.push(
			`| ${r.kind} | ${count(w.updates)} | ${fmt(w.payloadBytesPerUpdate)} | ` +
				`${fmt(w.walBytesPerUpdate)}${w.walScope === 'cluster' ? ' (cluster-wide)' : ''}${w.unreadWalChunks ? ` (${w.unreadWalChunks} s counted cluster-wide)` : ''} | ` +
				`${fmt(w.fullPageImageBytesPerUpdate)} | ${fmt(w.clusterWalBytesPerUpdate)} | ${fmt(w.databaseBytesPerUpdate)} | ${fmt(w.amplification, 2)}× |`
		);
	}

	rows.push(
		'',
		'**kill -9** mid-phase, restart on the same database, every document loaded through the server',
		'',
		'| Server | rate (ops/s) | edits sent | acknowledged | acknowledged and lost | seen stored and lost | held after restart | documents loaded |',
		'|---|---|---|---|---|---|---|---|'
	);
	for (const r of runs) {
		const k = r.run?.kill;
		if (!r.run || !k) continue;
		const note = r.run.acknowledgement === 'apply' ? ' (acknowledged on apply)' : '';
		rows.push(
			`| ${r.kind} | ${count(k.phase.offeredPerSecond)} | ${count(k.sent)} | ` +
				`${r.run.acknowledgement === 'none' ? 'n/a (no acknowledgement)' : count(k.acknowledged) + note} | ` +
				`${r.run.acknowledgement === 'none' ? 'n/a' : count(k.lostAcknowledged)} | ` +
				`${r.run.acknowledgement === 'apply' ? count(k.lostSeenStored) : 'n/a'} | ${count(k.heldAfterRestart)} | ` +
				`${r.kind === 'relay' ? 'n/a (holds no document)' : `${k.documentsVerified}/${DOCUMENTS}`}${k.verifyErrors.length ? ` (errors: ${k.verifyErrors.join(', ')})` : ''} |`
		);
	}

	const tandem = by.get('tandem');
	const hocuspocus = by.get('hocuspocus');
	const targets: TargetOutcome[] = [];
	const verdict = (ok: boolean, r: ServerRun<S5Run> | undefined): TargetOutcome['status'] =>
		!r?.run ? 'missed' : isVoid(r) ? 'void' : ok ? 'met' : 'missed';
	const t = tandem?.run;
	const tCommit = t ? editToCommitted(t) : null;
	const hCommit = hocuspocus?.run ? editToCommitted(hocuspocus.run) : null;
	targets.push({
		target: 'S5 acknowledgement (edit→committed) p99 ≤ 50 ms at 50 docs × 2 × 5 ops/s',
		status: verdict(!!tCommit && tCommit.p99 <= 50, tandem),
		detail: tCommit
			? `Tandem p99 ${fmt(tCommit.p99, 2)} ms (p50 ${fmt(tCommit.p50, 2)})` +
				(hCommit
					? `; stock Hocuspocus edit→stored p99 ${fmt(hCommit.p99, 0)} ms (${fmt(hCommit.p99 / Math.max(tCommit.p99, 0.001), 0)}×)`
					: '')
			: (tandem?.error ?? 'no result')
	});
	const stored = t?.saturation.storedPerSecond ?? null;
	targets.push({
		target: 'S5 ≥ 25,000 updates/s durably stored on 2 cores',
		status: verdict(stored !== null && stored >= 25_000, tandem),
		detail:
			`Tandem ${count(stored)}/s at its best step (log rows ${count(t?.saturation.logRowsPerSecond)}/s)` +
			(hocuspocus?.run
				? `; stock Hocuspocus ${count(hocuspocus.run.saturation.storedPerSecond)}/s into whole-document rows`
				: '')
	});
	const amplification = t?.writes?.amplification ?? null;
	targets.push({
		target: 'S5 write amplification ≤ 3 × the update bytes',
		status: verdict(amplification !== null && amplification <= 3, tandem),
		detail: t?.writes
			? `Tandem ${fmt(t.writes.walBytesPerUpdate, 0)} WAL bytes per ${fmt(t.writes.payloadBytesPerUpdate, 1)}-byte update (${fmt(amplification, 1)}×)` +
				(hocuspocus?.run?.writes
					? `; stock Hocuspocus ${fmt(hocuspocus.run.writes.walBytesPerUpdate, 0)} (${fmt(hocuspocus.run.writes.amplification, 1)}×)`
					: '')
			: 'n/a (no database figures)'
	});
	const k = t?.kill;
	targets.push({
		target: 'S5 zero acknowledged edits lost after kill -9',
		status: verdict(!!k && k.lostAcknowledged === 0 && k.documentsVerified === DOCUMENTS, tandem),
		detail: k
			? `Tandem lost ${count(k.lostAcknowledged)} of ${count(k.acknowledged)} acknowledged (${k.documentsVerified}/${DOCUMENTS} documents loaded)` +
				(hocuspocus?.run
					? `; stock Hocuspocus lost ${count(hocuspocus.run.kill.lostAcknowledged)} of ${count(hocuspocus.run.kill.acknowledged)} it had acknowledged on apply`
					: '')
			: 'no result'
	});
	return { markdown: rows.join('\n'), targets };
}

export const s5Durability: Scenario<S5Run> = {
	id: 's5',
	title: 'S5 durability: edit→committed, durable throughput, write amplification, kill -9',
	run,
	summarize
};
