// Who is in which document right now, across processes. Each process knows only its own sockets, and a
// presence question (the PLC space asks every few seconds) can reach any process, including one where the
// document is not even open. With REDIS_URL, each process keeps its connections in a Redis hash per
// document, refreshed by a heartbeat, so that an entry left by a process that died fades within a minute.
import type { Extension, connectedPayload, onDestroyPayload, onDisconnectPayload } from '@hocuspocus/server';
import { Redis } from 'ioredis';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import { redisConnection } from '../../src/lib/server/config.ts';
import type { ConnectionContext } from './context.ts';
import { collaborationLimits } from './limits.ts';
import { REDIS_PREFIX } from './scale-out.ts';

export const PRESENCE_HEARTBEAT_MS = collaborationLimits.presenceHeartbeatMs;
/** An entry not refreshed for this long belongs to a process that is gone. */
export const PRESENCE_STALE_MS = collaborationLimits.presenceStaleMs;

export interface PresentPerson {
	id: string;
	name: string;
}

interface Entry extends PresentPerson {
	at: number;
}

interface LocalConnection {
	documentId: string;
	person: PresentPerson;
}

const keyFor = (documentId: string) => `${REDIS_PREFIX}:presence:${documentId}`;

export class SharedPresence implements Extension {
	extensionName = 'tandem-shared-presence';
	private readonly redis: Redis;
	private readonly local = new Map<string, LocalConnection>();
	private readonly heartbeat: NodeJS.Timeout;

	constructor(
		redisUrl: string,
		private readonly instance: string,
		private readonly log: (message: string, fields?: Record<string, unknown>) => void
	) {
		const { host, port, options } = redisConnection(redisUrl);
		this.redis = new Redis({
			host,
			port,
			...options,
			maxRetriesPerRequest: 1,
			commandTimeout: collaborationLimits.presenceCommandTimeoutMs
		});
		this.redis.on('error', (error: Error) => log('presence: redis error', { error: error.message }));
		this.heartbeat = setInterval(() => void this.refresh(), PRESENCE_HEARTBEAT_MS);
		this.heartbeat.unref();
	}

	async connected({ documentName, socketId, context }: connectedPayload<ConnectionContext>): Promise<void> {
		const documentId = parseDocumentName(documentName);
		const user = context.user;
		if (!documentId || !user) return;
		const connection = { documentId, person: { id: user.id, name: user.name } };
		this.local.set(socketId, connection);
		await this.write([[socketId, connection]]);
	}

	async onDisconnect({ socketId }: onDisconnectPayload): Promise<void> {
		const connection = this.local.get(socketId);
		if (!connection) return;
		this.local.delete(socketId);
		await this.redis.hdel(keyFor(connection.documentId), this.field(socketId)).catch(() => {});
	}

	async onDestroy(_payload: onDestroyPayload): Promise<void> {
		clearInterval(this.heartbeat);
		const pipeline = this.redis.pipeline();
		for (const [socketId, { documentId }] of this.local)
			pipeline.hdel(keyFor(documentId), this.field(socketId));
		await pipeline.exec().catch(() => {});
		await this.redis.quit().catch(() => {});
	}

	/** People connected to each document through any process; a process that cannot reach Redis answers null. */
	async everywhere(documentIds: readonly string[]): Promise<Map<string, PresentPerson[]> | null> {
		try {
			const pipeline = this.redis.pipeline();
			for (const documentId of documentIds) pipeline.hgetall(keyFor(documentId));
			const results = (await pipeline.exec()) ?? [];
			const oldest = Date.now() - PRESENCE_STALE_MS;
			const present = new Map<string, PresentPerson[]>();
			documentIds.forEach((documentId, i) => {
				const [error, hash] = results[i] ?? [null, {}];
				if (error) throw error;
				const people = new Map<string, PresentPerson>();
				for (const value of Object.values(hash as Record<string, string>)) {
					const entry = parseEntry(value);
					if (entry && entry.at >= oldest) people.set(entry.id, { id: entry.id, name: entry.name });
				}
				if (people.size > 0) present.set(documentId, [...people.values()]);
			});
			return present;
		} catch (error) {
			this.log('presence: redis unavailable, answering for this process only', { error: String(error) });
			return null;
		}
	}

	private field(socketId: string): string {
		return `${this.instance}:${socketId}`;
	}

	private async refresh(): Promise<void> {
		await this.write([...this.local]);
	}

	private async write(connections: [string, LocalConnection][]): Promise<void> {
		if (connections.length === 0) return;
		const at = Date.now();
		const pipeline = this.redis.pipeline();
		for (const [socketId, { documentId, person }] of connections) {
			const entry: Entry = { ...person, at };
			pipeline.hset(keyFor(documentId), this.field(socketId), JSON.stringify(entry));
			pipeline.pexpire(keyFor(documentId), PRESENCE_STALE_MS * 2);
		}
		await pipeline
			.exec()
			.catch((error: unknown) => this.log('presence: could not write', { error: String(error) }));
	}
}

function parseEntry(value: string): Entry | null {
	try {
		const entry = JSON.parse(value) as Entry;
		return typeof entry.id === 'string' && typeof entry.name === 'string' && typeof entry.at === 'number'
			? entry
			: null;
	} catch {
		return null;
	}
}
