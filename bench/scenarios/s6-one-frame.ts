// S6 what one client can make the server do (issue #14, finding 7). Two figures.
//
// One frame's work: a single valid update of many structs Yjs cannot merge (each item inserted in front of
// the last, so each has its own origins) is sent over an ordinary authenticated socket, once at Tandem's
// budget (collaborationLimits.updateWorkBudget) and once as 2 MiB of them. The figures are how long the
// server's event loop was held (the probe's monitorEventLoopDelay, its max) and the server CPU the frame
// cost. Tandem refuses the 2 MiB frame (4414) after counting the structs its header announces; the
// references integrate it. The relay does no CRDT work and is left out.
//
// The refused look (Tandem only): someone of another school asks for an existing document (refused, and
// the refusal goes to the access ledger) and for a missing one, interleaved. Both answer the same 404; the
// ledger row is written after the answer (LedgerQueue), so the two should take the same time. Reported as
// the server's CPU per request and the median answer time of each.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { collaborationLimits } from '../../server/collaboration/limits.ts';
import { signUp } from '../../tests/support/http-client.ts';
import { atMost, fmt, fmtRatio, ratio, runOf, table } from '../report.ts';
import type { BenchServer, JoinInfo, Scenario, ServerKind, ServerRun, TargetOutcome } from '../scenario.ts';
import { authFrame, readFrame, syncStepOneFrame, updateFrame } from './s5/keystrokes.ts';

const BUDGET = collaborationLimits.updateWorkBudget;
/** How long one frame may hold the event loop (the figure behind finding 7 was 384–609 ms). */
const FRAME_STALL_TARGET_MS = 100;
/** A refused look may take at most this much longer than a missing one (medians). */
const REFUSED_OVER_MISSING = 1.1;

interface FrameOutcome {
	items: number;
	frameBytes: number;
	/** 'integrated' when the server answered after it (it applied the update), else its close code. */
	outcome: string;
	eventLoopMaxMs: number | undefined;
	serverCpuMs: number;
}

interface RefusedLook {
	requests: number;
	refusedMedianMs: number;
	missingMedianMs: number;
	serverCpuMicrosPerRequest: number;
}

interface S6Run {
	frames: FrameOutcome[];
	refusedLook?: RefusedLook;
}

/** `items` one-element inserts, each in front of the last: no two merge into one struct. */
function unmergeableUpdate(items: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = 1406; // the same bytes for every server
	const list = doc.getArray<number>('list');
	for (let i = 0; i < items; i++) list.insert(0, [i]);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** Nearly the most such items whose update frame fits in the payload limit (ids grow with the count). */
function itemsFilling(maxBytes: number): number {
	const room = maxBytes - 1024; // the frame's envelope
	let items = 100_000;
	for (let attempt = 0; attempt < 6; attempt++) {
		const bytes = unmergeableUpdate(items).byteLength;
		if (bytes <= room && bytes > room * 0.97) return items;
		items = Math.floor(items * (room / bytes) * 0.99);
	}
	while (unmergeableUpdate(items).byteLength > room) items = Math.floor(items * 0.95);
	return items;
}

/**
 * Joins, sends `update`, then a sync step 1: servers handle a socket's frames in order, so the answer to
 * the second comes after the first was integrated. Resolves with 'integrated' or the close code.
 */
function sendOne(join: JoinInfo, update: Uint8Array): Promise<string> {
	return new Promise((resolve, reject) => {
		const protocol = join.protocol;
		const ws = new WebSocket(join.url, { headers: join.headers, perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		let sent = false;
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error('no answer to the frame within 60 s'));
		}, 60_000);
		const done = (outcome: string) => {
			clearTimeout(timer);
			ws.removeAllListeners('close');
			ws.close();
			resolve(outcome);
		};
		const send = () => {
			sent = true;
			ws.send(updateFrame(protocol, join.documentName, update));
			ws.send(syncStepOneFrame(protocol, join.documentName));
		};
		ws.on('open', () => {
			if (protocol === 'hocuspocus') ws.send(authFrame(join.documentName, ''));
			else ws.send(syncStepOneFrame(protocol, join.documentName));
		});
		let states = 0;
		ws.on('message', (data: Buffer) => {
			const frame = readFrame(protocol, data);
			if (frame.type === 'authenticated') ws.send(syncStepOneFrame(protocol, join.documentName));
			else if (frame.type === 'state') {
				states += 1;
				if (!sent) send();
				else if (states >= 2) done('integrated');
			}
		});
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(String(code));
		});
		ws.on('error', () => {});
	});
}

async function frameWork(server: BenchServer, join: JoinInfo, items: number): Promise<FrameOutcome> {
	const update = unmergeableUpdate(items);
	await server.eventLoopLag({ reset: true });
	const cpuBefore = await server.cpuSeconds();
	const outcome = await sendOne(join, update);
	// The probe's monitor reports lag once its next tick has run: give it one.
	await new Promise((resolve) => setTimeout(resolve, 50));
	const lag = await server.eventLoopLag();
	const cpuAfter = await server.cpuSeconds();
	return {
		items,
		frameBytes: update.byteLength,
		outcome,
		eventLoopMaxMs: lag?.maxMs,
		serverCpuMs: (cpuAfter - cpuBefore) * 1000
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function refusedLook(server: BenchServer, join: JoinInfo, requests: number): Promise<RefusedLook> {
	const stranger = await signUp(server.url, { name: 'Bench Stranger', workspace: 'Another School' });
	const timed = async (path: string) => {
		const started = performance.now();
		const response = await stranger.client.request(path);
		await response.arrayBuffer();
		if (response.status !== 404) throw new Error(`expected 404 for ${path}, got ${response.status}`);
		return performance.now() - started;
	};
	for (let i = 0; i < 20; i++) await timed(`/api/v1/documents/${randomUUID()}`); // warm-up
	const refused: number[] = [];
	const missing: number[] = [];
	const cpuBefore = await server.cpuSeconds();
	for (let i = 0; i < requests; i++) {
		refused.push(await timed(`/api/v1/documents/${join.documentName}`));
		missing.push(await timed(`/api/v1/documents/${randomUUID()}`));
	}
	const cpuAfter = await server.cpuSeconds();
	return {
		requests,
		refusedMedianMs: median(refused),
		missingMedianMs: median(missing),
		serverCpuMicrosPerRequest: ((cpuAfter - cpuBefore) * 1e6) / (requests * 2)
	};
}

export const s6OneFrame: Scenario<S6Run> = {
	id: 's6',
	title: 'S6 what one client can make the server do: one frame, one refused look',
	servers: ['tandem', 'hocuspocus', 'y-websocket'] satisfies ServerKind[],
	async run(server, context) {
		const [atBudget, filling, looked] = await server.prepareDocuments(3, 'S6');
		const frames = [
			await frameWork(server, atBudget as JoinInfo, BUDGET),
			await frameWork(
				server,
				filling as JoinInfo,
				context.scale(itemsFilling(collaborationLimits.maxPayloadBytes), BUDGET * 3)
			)
		];
		if (server.kind !== 'tandem') return { frames };
		return { frames, refusedLook: await refusedLook(server, looked as JoinInfo, context.scale(300, 50)) };
	},
	summarize(runs) {
		const sections = [
			`A single valid update of structs Yjs cannot merge, sent over an authenticated socket: once at Tandem's budget of ${BUDGET.toLocaleString('en-US')} structs, once filling the ${collaborationLimits.maxPayloadBytes / 1024 / 1024} MiB frame limit. "held the loop" is the server's longest event-loop delay around it (monitorEventLoopDelay); the relay does no CRDT work and is left out.`,
			table(
				['server', 'structs', 'frame KiB', 'outcome', 'held the loop ms', 'server CPU ms'],
				runs.flatMap((run) =>
					run.run
						? run.run.frames.map((frame) => [
								run.kind,
								frame.items.toLocaleString('en-US'),
								fmt(frame.frameBytes / 1024, 0),
								frame.outcome === '4414' ? 'refused (4414)' : frame.outcome,
								fmt(frame.eventLoopMaxMs),
								fmt(frame.serverCpuMs)
							])
						: [[run.kind, `failed: ${run.error ?? 'no data'}`]]
				)
			)
		];
		const tandem = runOf(runs, 'tandem');
		const worstStall = tandem?.run
			? Math.max(...tandem.run.frames.map((frame) => frame.eventLoopMaxMs ?? Number.POSITIVE_INFINITY))
			: undefined;
		const targets: TargetOutcome[] = [
			atMost(
				`S6 one frame holds Tandem's event loop ≤ ${FRAME_STALL_TARGET_MS} ms`,
				worstStall,
				FRAME_STALL_TARGET_MS,
				`${fmt(worstStall)} ms at most`,
				[tandem as ServerRun<unknown> | undefined]
			)
		];
		const look = tandem?.run?.refusedLook;
		if (look) {
			sections.push(
				`Someone of another school asks ${look.requests} times, interleaved, for an existing document (refused; the refusal is written to the access ledger after the answer) and for a missing one. Both answer the same 404.`,
				table(
					['server', 'refused median ms', 'missing median ms', 'ratio', 'server CPU µs/request'],
					[
						[
							'tandem',
							fmt(look.refusedMedianMs),
							fmt(look.missingMedianMs),
							fmtRatio(ratio(look.refusedMedianMs, look.missingMedianMs)),
							fmt(look.serverCpuMicrosPerRequest)
						]
					]
				)
			);
		}
		targets.push(
			atMost(
				`S6 a refused look ≤ ${REFUSED_OVER_MISSING}× a missing one (medians)`,
				ratio(look?.refusedMedianMs, look?.missingMedianMs),
				REFUSED_OVER_MISSING,
				look ? `${fmt(look.refusedMedianMs)} vs ${fmt(look.missingMedianMs)} ms` : 'not measured',
				[tandem as ServerRun<unknown> | undefined]
			)
		);
		return { markdown: sections.join('\n\n'), targets };
	}
};
