// Closing sockets when access ends (a share revoked, a member deactivated, a sign-out, a deletion) must reach
// every process: the person may be connected to any of them. With REDIS_URL, each revocation is published on
// one Redis channel and every other process closes its own matching sockets; a process never waits for the
// others (the closing is best effort and immediate, and the socket's next authentication is refused anyway).
import { Redis } from 'ioredis';
import { redisConnection } from '../../src/lib/server/config.ts';
import { REDIS_PREFIX } from './scale-out.ts';

export type Revocation =
	| { scope: 'user'; userId: string; documentId?: string; workspaceId?: string; code: number }
	| { scope: 'session'; sessionId: string; code: number }
	| { scope: 'token'; tokenId: string; code: number }
	| { scope: 'document'; documentId: string; code: number };

interface Envelope {
	from: string;
	revocation: Revocation;
}

const CHANNEL = `${REDIS_PREFIX}:revocations`;

export class RevocationChannel {
	private readonly publisher: Redis;
	private readonly subscriber: Redis;

	constructor(
		redisUrl: string,
		private readonly instance: string,
		apply: (revocation: Revocation) => void,
		private readonly log: (message: string, fields?: Record<string, unknown>) => void
	) {
		const { host, port, options } = redisConnection(redisUrl);
		this.publisher = new Redis({ host, port, ...options, lazyConnect: false });
		this.subscriber = new Redis({ host, port, ...options, lazyConnect: false });
		for (const client of [this.publisher, this.subscriber]) {
			// ioredis reconnects by itself; an unhandled 'error' event would end the process instead.
			client.on('error', (error: Error) => log('revocation channel: redis error', { error: error.message }));
		}
		this.subscriber.on('message', (_channel: string, message: string) => {
			const envelope = parseEnvelope(message);
			if (!envelope) return log('revocation channel: ignored a malformed message');
			if (envelope.from !== this.instance) apply(envelope.revocation);
		});
		void this.subscriber.subscribe(CHANNEL).catch((error: Error) => {
			log('revocation channel: could not subscribe', { error: error.message });
		});
	}

	publish(revocation: Revocation): void {
		const envelope: Envelope = { from: this.instance, revocation };
		void this.publisher.publish(CHANNEL, JSON.stringify(envelope)).catch((error: Error) => {
			this.log('revocation channel: could not publish', { error: error.message, scope: revocation.scope });
		});
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
	}
}

function parseEnvelope(message: string): Envelope | null {
	try {
		const envelope = JSON.parse(message) as Envelope;
		const revocation = envelope?.revocation;
		if (typeof envelope.from !== 'string' || typeof revocation?.code !== 'number') return null;
		const valid =
			(revocation.scope === 'user' && typeof revocation.userId === 'string') ||
			(revocation.scope === 'session' && typeof revocation.sessionId === 'string') ||
			(revocation.scope === 'token' && typeof revocation.tokenId === 'string') ||
			(revocation.scope === 'document' && typeof revocation.documentId === 'string');
		return valid ? envelope : null;
	} catch {
		return null;
	}
}
