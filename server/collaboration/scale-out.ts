// Several processes serve the same documents (docs/design.md §3): with REDIS_URL, Hocuspocus' Redis extension relays
// updates and awareness between them. Every process holds the whole document; each one logs only the
// updates its own clients send (an update relayed by Redis was logged where it arrived, so each change is
// stored once), and Redis' lock lets one process at a time compact a document.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Redis } from '@hocuspocus/extension-redis';
import type { afterLoadDocumentPayload } from '@hocuspocus/server';
import { redisConnection } from '../../src/lib/server/config.ts';

/** Redis channel and lock keys start with this, so Tandem can share a Redis server with other software. */
export const REDIS_PREFIX = 'tandem';

export class ScaleOut extends Redis {
	extensionName = 'tandem-scale-out';

	/**
	 * A load that fails here (Redis unreachable) leaves a document Hocuspocus never registers and so never
	 * destroys; its awareness timer would keep it in memory for good (hocuspocus#1156).
	 */
	override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
		try {
			await super.afterLoadDocument(payload);
		} catch (error) {
			payload.document.destroy();
			throw error;
		}
	}
}

/** This process's name on the Redis channels: readable in logs, unique across restarts. */
export function instanceIdentifier(): string {
	return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`.slice(0, 200);
}

export function createScaleOut(redisUrl: string, identifier: string): ScaleOut {
	const { host, port, options } = redisConnection(redisUrl);
	return new ScaleOut({ host, port, options, identifier, prefix: REDIS_PREFIX });
}
