// kill -9 right after an acknowledgement, again and again (DUR-1): "saved" means committed (docs/design.md §5), so
// every edit a client saw acknowledged must be in the database when the server dies without a chance to
// flush. Some cycles die with edits still in flight; those may be lost, the acknowledged ones may not.
import { expect } from 'vitest';
import { connectClient, waitFor } from '../../support/collab-client.ts';
import type { SignedUp } from '../../support/http-client.ts';
import type { TestServer } from '../../support/server.ts';
import { seededRandom } from '../support/services.ts';
import { missingFrom, readStoredDocument } from '../support/tandem.ts';

export interface Kill9Figures {
	backend: string;
	cycles: number;
	acknowledged: number;
	/** Edits typed but not yet acknowledged when the server died (allowed to be lost). */
	inFlightAtKill: number;
	inFlightKept: number;
	restartMs: { p50: number; max: number };
	elapsedMs: number;
}

export async function kill9Cycles(
	server: TestServer,
	owner: SignedUp,
	documentId: string,
	{ cycles, editsPerCycle = 5 }: { cycles: number; editsPerCycle?: number },
	seed: number
): Promise<Kill9Figures> {
	const random = seededRandom(seed);
	const started = Date.now();
	const acknowledged: string[] = [];
	const restarts: number[] = [];
	let inFlightAtKill = 0;
	let inFlightKept = 0;
	for (let cycle = 0; cycle < cycles; cycle++) {
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		await client.authenticated;
		await waitFor(() => client.provider.isSynced, 10_000, `cycle ${cycle}: sync after restart`);
		const text = client.doc.getText('probe');
		const tokens = Array.from({ length: editsPerCycle }, (_, i) => `[${seed}-${cycle}-${i}]`);
		for (const token of tokens) text.insert(text.length, token);
		await client.allSaved();
		acknowledged.push(...tokens);
		// Half the cycles crash with a few edits on the wire, sent a moment (0–20 ms) before the kill.
		const inFlight: string[] = [];
		if (random() < 0.5) {
			for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
				const token = `[${seed}-${cycle}-flight-${i}]`;
				text.insert(text.length, token);
				inFlight.push(token);
			}
			await new Promise((resolve) => setTimeout(resolve, random() * 20));
		}
		await server.kill9();
		client.destroy();
		const stored = (
			await readStoredDocument(
				{ databaseUrl: server.env.DATABASE_URL, dataDir: server.env.DATA_DIR },
				documentId
			)
		).doc
			.getText('probe')
			.toString();
		expect(
			missingFrom(stored, acknowledged),
			`cycle ${cycle}: acknowledged edits missing after kill -9`
		).toEqual([]);
		inFlightAtKill += inFlight.length;
		inFlightKept += inFlight.length - missingFrom(stored, inFlight).length;
		const restartStarted = Date.now();
		await server.restart();
		restarts.push(Date.now() - restartStarted);
	}
	restarts.sort((a, b) => a - b);
	return {
		backend: server.backend,
		cycles,
		acknowledged: acknowledged.length,
		inFlightAtKill,
		inFlightKept,
		restartMs: { p50: restarts[Math.floor(restarts.length / 2)] ?? 0, max: restarts.at(-1) ?? 0 },
		elapsedMs: Date.now() - started
	};
}
