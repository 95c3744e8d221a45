// Tandem under fault: a real server process on Postgres reached through the fault proxy, typists that know
// which of their edits the server acknowledged, and a way to read what is really stored.
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import * as Y from 'yjs';
import { Compactor } from '../../../src/lib/server/documents/compactor.ts';
import { DocumentStateStore } from '../../../src/lib/server/documents/state-store.ts';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { freshDatabase } from '../../support/backends.ts';
import { connectClient, type CollabClient } from '../../support/collab-client.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { startPostgresFaultProxy, type PostgresFaultProxy } from './postgres-fault-proxy.ts';

export interface ProxiedServer {
	server: TestServer;
	proxy: PostgresFaultProxy;
	/** The database itself, bypassing the proxy: what is really stored. */
	directUrl: string;
	sql: postgres.Sql;
	dispose(): Promise<void>;
}

/** A Tandem process whose every database connection goes through a fault proxy. */
export async function startProxiedServer(extraEnv: Record<string, string> = {}): Promise<ProxiedServer> {
	const database = await freshDatabase('postgres');
	const directUrl = database.env.DATABASE_URL as string;
	const target = new URL(directUrl);
	const proxy = await startPostgresFaultProxy({
		host: target.hostname,
		port: Number(target.port || 5432)
	});
	const server = await startTestServer('postgres', { ...extraEnv, DATABASE_URL: proxy.urlFor(directUrl) });
	const sql = postgres(directUrl, { max: 2, onnotice: () => {} });
	return {
		server,
		proxy,
		directUrl,
		sql,
		async dispose() {
			proxy.up();
			proxy.setRules([]);
			await server.dispose();
			await sql.end();
			await proxy.close();
			await database.drop();
		}
	};
}

/** The document as stored (snapshot plus log), read with the server's own loader from a database URL. */
export async function readStoredDocument(
	target: { databaseUrl?: string; dataDir?: string },
	documentId: string
): Promise<{ doc: Y.Doc; rowsRead: number; bytes: number }> {
	const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? '' });
	const compactor = new Compactor();
	try {
		const stored = await new DocumentStateStore(database.db, compactor).load(documentId);
		const doc = new Y.Doc();
		for (const update of stored.updates) Y.applyUpdate(doc, update);
		return { doc, rowsRead: stored.rowsRead, bytes: stored.byteSize };
	} finally {
		await compactor.close();
		await database.close();
	}
}

/** A fingerprint of what is stored for a document: its snapshot row and its log rows. */
export async function storedFingerprint(
	sql: postgres.Sql,
	documentId: string
): Promise<{ snapshotHash: string | null; snapshotBytes: number; logRows: number }> {
	const [snapshot] = await sql<{ state: Uint8Array }[]>`
		select state from document_snapshots where document_id = ${documentId}`;
	const [log] = await sql<{ n: string }[]>`
		select count(*)::text as n from document_updates where document_id = ${documentId}`;
	return {
		snapshotHash: snapshot ? createHash('sha256').update(snapshot.state).digest('hex').slice(0, 16) : null,
		snapshotBytes: snapshot?.state.byteLength ?? 0,
		logRows: Number(log?.n ?? 0)
	};
}

/**
 * A client typing unique tokens into the `probe` text and recording which ones the server acknowledged:
 * every token typed before the unsynced count last returned to zero.
 */
export class Typist {
	readonly client: CollabClient;
	readonly typed: string[] = [];
	readonly acknowledged = new Set<string>();
	private pending: string[] = [];
	private timer: NodeJS.Timeout | null = null;

	constructor(
		readonly name: string,
		options: { wsUrl: string; documentId: string; cookie: string; failoverUrls?: string[]; origin?: string }
	) {
		this.client = connectClient({ ...options, reconnect: true });
		this.client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
			if (number === 0) for (const token of this.pending.splice(0)) this.acknowledged.add(token);
		});
	}

	type(): string {
		const token = `[${this.name}-${this.typed.length}]`;
		const text = this.client.doc.getText('probe');
		text.insert(text.length, token);
		this.typed.push(token);
		this.pending.push(token);
		return token;
	}

	start(everyMs: number): void {
		this.stop();
		this.timer = setInterval(() => this.type(), everyMs);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	text(): string {
		return this.client.doc.getText('probe').toString();
	}

	destroy(): void {
		this.stop();
		this.client.destroy();
	}
}

export function missingFrom(stored: string, tokens: Iterable<string>): string[] {
	return [...tokens].filter((token) => !stored.includes(token));
}
