// The database goes away while Tandem works: during a document load, during typing, and during stores.
// What must hold: nothing acknowledged is lost, an empty or partial document is never stored over a real
// one (hocuspocus#382), a failed load leaks no document or timer (hocuspocus#1156), a failed store keeps the
// document in memory until it is stored (hocuspocus#954), and stores do not storm (hocuspocus#1110).
import { expect } from 'vitest';
import { connectClient, waitFor } from '../../support/collab-client.ts';
import { createWorkspaceDocument } from '../../support/fixtures.ts';
import { signUp, type SignedUp } from '../../support/http-client.ts';
import { eventually, scrapeMetrics, seededRandom } from '../support/services.ts';
import {
	missingFrom,
	readStoredDocument,
	storedFingerprint,
	Typist,
	type ProxiedServer
} from '../support/tandem.ts';
import type { StatementRule } from '../support/postgres-fault-proxy.ts';
import { joinOnce } from '../support/wire.ts';

const LOAD_STATEMENT = /from "document_snapshots"/;
const SNAPSHOT_WRITE = /insert into "document_snapshots"/;
const LOG_APPEND = /insert into "document_updates"/;

const TIMERS = 'nodejs_active_resources{type="Timeout"}';

async function unloaded(target: ProxiedServer, timeoutMs = 15_000): Promise<boolean> {
	return eventually(
		async () => (await scrapeMetrics(target.server)).get('tandem_documents_loaded') === 0,
		timeoutMs
	);
}

/** A document with real content, stored and unloaded. */
async function documentWithContent(target: ProxiedServer, owner: SignedUp, content: string) {
	const documentId = await createWorkspaceDocument(owner, 'Real content');
	const writer = connectClient({ wsUrl: target.server.wsUrl, documentId, cookie: owner.client.cookieHeader });
	await writer.authenticated;
	await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
	writer.doc.getText('probe').insert(0, content);
	await writer.allSaved();
	writer.destroy();
	expect(await unloaded(target), 'the document unloads once its writer leaves').toBe(true);
	return documentId;
}

export interface LoadOutageFigures {
	attempts: number;
	refusedWith: Record<string, number>;
	timersBefore: number;
	timersAfter: number;
	recoveredAfterMs: number;
}

/**
 * Loads fail `attempts` times (the snapshot query is cut); then a client that kept reconnecting through the
 * outage gets the real content as soon as the database answers again.
 */
export async function loadDuringOutage(
	target: ProxiedServer,
	{ attempts, seed }: { attempts: number; seed: number }
): Promise<LoadOutageFigures> {
	const owner = await signUp(target.server.url, { workspace: 'Outage School' });
	const content = `[real content ${seed}]`;
	const documentId = await documentWithContent(target, owner, content);
	const before = await storedFingerprint(target.sql, documentId);
	expect(before.snapshotHash, 'compacted into a snapshot on unload').not.toBeNull();
	const timersBefore = (await scrapeMetrics(target.server)).get(TIMERS) ?? 0;

	target.proxy.setRules([{ pattern: LOAD_STATEMENT, action: 'fail' }]);
	const refusedWith: Record<string, number> = {};
	for (let i = 0; i < attempts; i++) {
		const result = await joinOnce(target.server.wsUrl, documentId, {
			cookie: owner.client.cookieHeader,
			origin: target.server.url
		});
		// No document bytes, and no silence either: the socket is told at once to try again later. (A join
		// that only times out means the server stopped answering: every further load would hang as well.)
		expect(result, `attempt ${i + 1} of ${attempts}: a refused load is answered with 1013`).toEqual({
			outcome: 'closed',
			closeCode: 1013
		});
		const key = `${result.outcome}${result.closeCode ? ` ${result.closeCode}` : ''}`;
		refusedWith[key] = (refusedWith[key] ?? 0) + 1;
	}
	// A real provider rides through the outage: it is told to try again later (1013), not refused for good.
	const patient = connectClient({
		wsUrl: target.server.wsUrl,
		documentId,
		cookie: owner.client.cookieHeader,
		reconnect: true
	});
	await new Promise((resolve) => setTimeout(resolve, 600));
	expect(patient.provider.isSynced).toBe(false);

	const metrics = await scrapeMetrics(target.server);
	expect(metrics.get('tandem_documents_loaded'), 'a failed load leaves no document behind').toBe(0);
	expect(metrics.get('tandem_document_load_failures_total')).toBeGreaterThanOrEqual(attempts);
	// hocuspocus#382: the failed loads stored nothing over the real document.
	expect(await storedFingerprint(target.sql, documentId)).toEqual(before);

	target.proxy.setRules([]);
	const recoveredAt = Date.now();
	await waitFor(() => patient.provider.isSynced, 15_000, 'sync once the database answers');
	const recoveredAfterMs = Date.now() - recoveredAt;
	expect(patient.doc.getText('probe').toString()).toBe(content);
	expect(patient.closes.every((code) => code === 1013)).toBe(true);
	patient.destroy();
	expect(await unloaded(target)).toBe(true);

	// hocuspocus#1156: each failed load used to leak a Y.Doc and its awareness interval.
	let timersAfter = Infinity;
	await eventually(async () => {
		timersAfter = (await scrapeMetrics(target.server)).get(TIMERS) ?? 0;
		return timersAfter <= timersBefore;
	}, 5000);
	expect(timersAfter, `timers leaked: ${timersBefore} before, ${timersAfter} after`).toBeLessThanOrEqual(
		timersBefore
	);
	expect((await storedFingerprint(target.sql, documentId)).snapshotHash).toBe(before.snapshotHash);
	return { attempts, refusedWith, timersBefore, timersAfter, recoveredAfterMs };
}

export interface TypingOutageFigures {
	typists: number;
	outages: number;
	typed: number;
	acknowledged: number;
	acknowledgedBeforeLastOutage: number;
	appendFailures: number;
	settledAfterMs: number;
}

/**
 * Typists keep typing while the database disappears `outages` times. Afterwards every token typed must be
 * acknowledged and stored, and survive a kill -9 of the server (nothing may live only in its memory).
 */
export async function typingThroughOutages(
	target: ProxiedServer,
	{
		typists,
		outages,
		outageMs,
		typingMs,
		seed
	}: { typists: number; outages: number; outageMs: number; typingMs: number; seed: number }
): Promise<TypingOutageFigures> {
	const random = seededRandom(seed);
	const owner = await signUp(target.server.url, { workspace: 'Outage School' });
	const documentId = await createWorkspaceDocument(owner, 'Typing through outages');
	const crew = Array.from(
		{ length: typists },
		(_, i) =>
			new Typist(`t${i}`, { wsUrl: target.server.wsUrl, documentId, cookie: owner.client.cookieHeader })
	);
	let acknowledgedBeforeLastOutage = 0;
	try {
		await Promise.all(crew.map((t) => t.client.authenticated));
		await waitFor(() => crew.every((t) => t.client.provider.isSynced), 10_000, 'sync');
		crew.forEach((t, i) => t.start(15 + i * 3));
		for (let outage = 0; outage < outages; outage++) {
			await new Promise((resolve) => setTimeout(resolve, typingMs * (0.5 + random())));
			acknowledgedBeforeLastOutage = crew.reduce((sum, t) => sum + t.acknowledged.size, 0);
			target.proxy.down();
			await new Promise((resolve) => setTimeout(resolve, outageMs * (0.5 + random())));
			target.proxy.up();
		}
		await new Promise((resolve) => setTimeout(resolve, typingMs));
		for (const t of crew) t.stop();

		const settleStarted = Date.now();
		await waitFor(
			() => crew.every((t) => t.client.provider.isSynced && !t.client.provider.hasUnsyncedChanges),
			// postgres.js backs off up to 20 s between reconnects after failed ones (its default `backoff`).
			60_000,
			'every typist acknowledged after the outages'
		);
		const settledAfterMs = Date.now() - settleStarted;
		const texts = new Set(crew.map((t) => t.text()));
		await waitFor(
			() => new Set(crew.map((t) => t.text())).size === 1,
			10_000,
			`typists converge (${texts.size} versions)`
		);
		const metrics = await scrapeMetrics(target.server);
		const appendFailures = metrics.get('tandem_update_append_failures_total') ?? 0;

		// Nothing may live only in the server's memory: kill it, then read the database directly.
		for (const t of crew) t.destroy();
		await target.server.kill9();
		const stored = (await readStoredDocument({ databaseUrl: target.directUrl }, documentId)).doc
			.getText('probe')
			.toString();
		// Start again before judging, so a failure here does not leave the next scenario without a server.
		await target.server.restart();
		const typed = crew.flatMap((t) => t.typed);
		const acknowledged = crew.flatMap((t) => [...t.acknowledged]);
		expect(missingFrom(stored, acknowledged), 'acknowledged tokens missing after kill -9').toEqual([]);
		expect(missingFrom(stored, typed), 'typed tokens missing after everything was acknowledged').toEqual([]);
		return {
			typists,
			outages,
			typed: typed.length,
			acknowledged: acknowledged.length,
			acknowledgedBeforeLastOutage,
			appendFailures,
			settledAfterMs
		};
	} finally {
		for (const t of crew) t.destroy();
	}
}

export interface StoreFaultFigures {
	failingStores: number;
	storeFailuresCounted: number;
	stayedLoadedMs: number;
	slowAcknowledgementMs: { p50: number; max: number };
	storesWhileSlow: number;
	slowTypingMs: number;
}

/**
 * Stores fail (every snapshot write is cut) and then are slow (log appends and snapshot writes held back).
 * A failing store keeps the document loaded until a retry succeeds; slow stores do not multiply.
 */
export async function failingAndSlowStores(
	target: ProxiedServer,
	{ failForMs, slowTypingMs, seed }: { failForMs: number; slowTypingMs: number; seed: number }
): Promise<StoreFaultFigures> {
	const owner = await signUp(target.server.url, { workspace: 'Store School' });
	const documentId = await createWorkspaceDocument(owner, 'Stores under fault');

	// 1. Failing stores. A new document may already have a snapshot (its initial content): it must not move.
	const beforeTyping = await storedFingerprint(target.sql, documentId);
	target.proxy.setRules([{ pattern: SNAPSHOT_WRITE, action: 'fail' }]);
	const failedBefore = target.proxy.stats.cut;
	const writer = new Typist('f', {
		wsUrl: target.server.wsUrl,
		documentId,
		cookie: owner.client.cookieHeader
	});
	await writer.client.authenticated;
	await waitFor(() => writer.client.provider.isSynced, 10_000, 'sync');
	for (let i = 0; i < 30; i++) writer.type();
	await writer.client.allSaved();
	writer.destroy(); // the last client leaves: Hocuspocus stores now, and the store fails
	const leftAt = Date.now();
	await new Promise((resolve) => setTimeout(resolve, failForMs));
	const metrics = await scrapeMetrics(target.server);
	expect(metrics.get('tandem_documents_loaded'), 'a document whose store failed stays loaded').toBe(1);
	const storeFailuresCounted = metrics.get('tandem_store_failures_total') ?? 0;
	expect(storeFailuresCounted).toBeGreaterThanOrEqual(1);
	const whileFailing = await storedFingerprint(target.sql, documentId);
	expect(whileFailing.snapshotHash, 'no snapshot was written while stores failed').toBe(
		beforeTyping.snapshotHash
	);
	expect(whileFailing.logRows, 'every acknowledged update is in the log').toBeGreaterThanOrEqual(30);

	target.proxy.setRules([]);
	expect(await unloaded(target, 45_000), 'the retried store succeeds and the document unloads').toBe(true);
	const stayedLoadedMs = Date.now() - leftAt;
	const afterRetry = await storedFingerprint(target.sql, documentId);
	expect(afterRetry.snapshotHash, 'the retried store wrote a new snapshot').not.toBe(
		beforeTyping.snapshotHash
	);
	const storedText = (await readStoredDocument({ databaseUrl: target.directUrl }, documentId)).doc
		.getText('probe')
		.toString();
	expect(missingFrom(storedText, writer.acknowledged)).toEqual([]);
	const failingStores = target.proxy.stats.cut - failedBefore;

	// 2. Slow appends and slow stores under typing: acknowledgements wait, stores do not storm (#1110).
	const random = seededRandom(seed);
	const slowSnapshots: StatementRule = { pattern: SNAPSHOT_WRITE, action: { delayMs: 1500 } };
	const slowAppends: StatementRule = {
		pattern: LOG_APPEND,
		action: { delayMs: 150 },
		probability: 0.5,
		random
	};
	target.proxy.setRules([slowSnapshots, slowAppends]);
	const slowWriter = new Typist('s', {
		wsUrl: target.server.wsUrl,
		documentId,
		cookie: owner.client.cookieHeader
	});
	await slowWriter.client.authenticated;
	await waitFor(() => slowWriter.client.provider.isSynced, 10_000, 'sync');
	const waits: number[] = [];
	const typingEnds = Date.now() + slowTypingMs;
	while (Date.now() < typingEnds) {
		const started = Date.now();
		slowWriter.type();
		await slowWriter.client.allSaved(20_000);
		waits.push(Date.now() - started);
	}
	slowWriter.destroy();
	expect(await unloaded(target, 30_000)).toBe(true);
	target.proxy.setRules([]);
	// One store per maxDebounce (10 s) of continuous typing, plus the one when the last client leaves.
	const storesWhileSlow = slowSnapshots.hits ?? 0;
	expect(storesWhileSlow).toBeLessThanOrEqual(Math.ceil(slowTypingMs / 10_000) + 2);
	const storedAfterSlow = (await readStoredDocument({ databaseUrl: target.directUrl }, documentId)).doc
		.getText('probe')
		.toString();
	expect(missingFrom(storedAfterSlow, slowWriter.acknowledged)).toEqual([]);
	waits.sort((a, b) => a - b);
	return {
		failingStores,
		storeFailuresCounted,
		stayedLoadedMs,
		slowAcknowledgementMs: { p50: waits[Math.floor(waits.length / 2)] ?? 0, max: waits.at(-1) ?? 0 },
		storesWhileSlow,
		slowTypingMs
	};
}
