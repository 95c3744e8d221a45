// Process configuration, read once from the environment (design §6 "Process and configuration").
import path from 'node:path';

export interface TandemConfig {
	port: number;
	host: string;
	/** The public origin, e.g. https://tandem.school.org; undefined means "whatever host the request names". */
	origin: string | undefined;
	databaseUrl: string | undefined;
	dataDir: string;
	redisUrl: string | undefined;
	trustProxy: string | undefined;
	metricsToken: string | undefined;
	/** Refuse edits that would grow a document's stored state past this many bytes. */
	documentSizeCap: number;
	/** Serve demo data on an empty embedded database. */
	seedDemo: boolean;
}

export const defaults = {
	port: 3000,
	host: '127.0.0.1',
	dataDir: './data',
	documentSizeCap: 8 * 1024 * 1024
} as const;

export function readConfig(env: NodeJS.ProcessEnv = process.env): TandemConfig {
	const port = env.PORT === undefined || env.PORT === '' ? defaults.port : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`PORT must be a port number, not "${env.PORT}"`);
	const cap = env.DOCUMENT_SIZE_CAP ? Number(env.DOCUMENT_SIZE_CAP) : defaults.documentSizeCap;
	if (!Number.isInteger(cap) || cap < 1024)
		throw new Error('DOCUMENT_SIZE_CAP must be a byte count of at least 1024');
	return {
		port,
		host: env.HOST || defaults.host,
		origin: env.ORIGIN ? new URL(env.ORIGIN).origin : undefined,
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: path.resolve(env.DATA_DIR || defaults.dataDir),
		redisUrl: env.REDIS_URL || undefined,
		trustProxy: env.TRUST_PROXY || undefined,
		metricsToken: env.METRICS_TOKEN || undefined,
		documentSizeCap: cap,
		seedDemo: env.SEED_DEMO !== 'false'
	};
}
