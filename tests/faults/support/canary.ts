// The bystander of every fault: a well-behaved editor on a document of its own that keeps typing while the
// fault runs. It must never be disconnected, its acknowledgements must keep coming, and every edit it saw
// acknowledged must be in the database afterwards (read directly, after a kill -9: not from memory).
import { expect } from 'vitest';
import { connectClient, waitFor, type CollabClient } from '../../support/collab-client.ts';
import { createWorkspaceDocument } from '../../support/fixtures.ts';
import type { SignedUp } from '../../support/http-client.ts';
import type { TestServer } from '../../support/server.ts';
import { missingFrom, readStoredDocument } from './tandem.ts';

export interface CanaryFigures {
	edits: number;
	/** From typing an edit to its acknowledgement (committed in the database), in ms. */
	ackMs: { p50: number; p99: number; max: number };
	closes: number[];
}

export class Canary {
	readonly acknowledged: string[] = [];
	private readonly latencies: number[] = [];
	private running = true;
	private disposed = false;
	private loop: Promise<void> = Promise.resolve();
	private failure: unknown = null;

	private constructor(
		readonly documentId: string,
		readonly client: CollabClient,
		private readonly label: string
	) {}

	/** Connects to a new document of `owner`'s and starts typing one token every `everyMs`. */
	static async start(
		server: TestServer,
		owner: SignedUp,
		{ everyMs = 50, label = 'canary' }: { everyMs?: number; label?: string } = {}
	): Promise<Canary> {
		const documentId = await createWorkspaceDocument(owner, 'Canary');
		const client = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		await client.authenticated;
		await waitFor(() => client.provider.isSynced, 10_000, 'canary sync');
		const canary = new Canary(documentId, client, label);
		canary.loop = canary.type(everyMs);
		return canary;
	}

	private async type(everyMs: number): Promise<void> {
		try {
			for (let i = 0; this.running; i++) {
				const token = `[${this.label}-${i}]`;
				const text = this.client.doc.getText('probe');
				const started = performance.now();
				text.insert(text.length, token);
				await this.client.allSaved(10_000);
				this.latencies.push(performance.now() - started);
				this.acknowledged.push(token);
				await new Promise((resolve) => setTimeout(resolve, everyMs));
			}
		} catch (error) {
			this.failure = error;
		}
	}

	/** Stops typing and disconnects, asserting nothing (for cleanup after a failure). */
	dispose(): void {
		if (this.disposed) return;
		this.running = false;
		this.disposed = true;
		this.client.destroy();
	}

	/** Stops typing; the canary must have kept its connection and every acknowledgement throughout. */
	async stop(): Promise<CanaryFigures> {
		this.running = false;
		await this.loop;
		this.dispose();
		expect(this.failure, 'the canary stopped being acknowledged').toBeNull();
		expect(this.client.closes, 'the canary was disconnected').toEqual([]);
		const sorted = [...this.latencies].sort((a, b) => a - b);
		const at = (q: number) =>
			Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
		expect(sorted.length, 'the canary got edits acknowledged').toBeGreaterThan(0);
		return {
			edits: sorted.length,
			ackMs: { p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) },
			closes: this.client.closes
		};
	}
}

/** Runs `read` against the database with the server killed (kill -9: nothing flushed), then restarts it. */
export async function whileKilled<T>(
	server: TestServer,
	read: (storedText: (documentId: string) => Promise<string>) => Promise<T>
): Promise<T> {
	await server.kill9();
	try {
		return await read(async (documentId) => {
			const stored = await readStoredDocument(
				{ databaseUrl: server.env.DATABASE_URL, dataDir: server.env.DATA_DIR },
				documentId
			);
			return stored.doc.getText('probe').toString();
		});
	} finally {
		await server.restart();
	}
}

/** Every token the canaries saw acknowledged is in the database: one kill -9 checks them all. */
export async function expectCanariesStored(
	server: TestServer,
	canaries: Canary[],
	alsoCheck?: (storedText: (documentId: string) => Promise<string>) => Promise<void>
): Promise<void> {
	await whileKilled(server, async (storedText) => {
		for (const canary of canaries) {
			const text = await storedText(canary.documentId);
			expect(missingFrom(text, canary.acknowledged), 'acknowledged canary edits missing').toEqual([]);
		}
		await alsoCheck?.(storedText);
	});
}
