// Process configuration, read once from the environment (docs/design.md §6 "Process and configuration").
import path from 'node:path';
import { readSsoConfig, type SsoConfig } from './sso/sso-config.ts';

export interface TandemConfig {
	port: number;
	host: string;
	/** The public origin, e.g. https://tandem.school.org; undefined means "whatever host the request names". */
	origin: string | undefined;
	databaseUrl: string | undefined;
	dataDir: string;
	/** Joins processes on the same documents (Hocuspocus' Redis extension); only with a Postgres server. */
	redisUrl: string | undefined;
	trustProxy: string | undefined;
	metricsToken: string | undefined;
	/** Refuse edits that would grow a document's stored state past this many bytes. */
	documentSizeCap: number;
	/** Serve demo data on an empty embedded database. */
	seedDemo: boolean;
	/** Where password reset links are sent from (smtp:// or smtps://); undefined means mail is not configured. */
	smtpUrl: string | undefined;
	/** The From address of Tandem's mail. */
	mailFrom: string;
	/** Lesson videos: where their files live, and how large one file and one workspace's videos may grow. */
	media: MediaConfig;
	/** Single sign-on: the operator's Google and Microsoft apps, the key for workspace secrets (sso-config.ts). */
	sso: SsoConfig;
}

export interface MediaConfig {
	dir: string;
	maxFileBytes: number;
	maxWorkspaceBytes: number;
}

export const defaults = {
	port: 3000,
	host: '127.0.0.1',
	dataDir: './data',
	documentSizeCap: 8 * 1024 * 1024,
	/** An hour of classroom video from a phone (about 1 GB at 2 Mbit/s) with room to spare. */
	mediaMaxFileBytes: 4 * 1024 ** 3,
	/** A school's videos together: a hundred such lessons. */
	mediaMaxWorkspaceBytes: 200 * 1024 ** 3
} as const;

export function readConfig(env: NodeJS.ProcessEnv = process.env): TandemConfig {
	const port = env.PORT === undefined || env.PORT === '' ? defaults.port : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`PORT must be a port number, not "${env.PORT}"`);
	const redisUrl = readRedisUrl(env);
	const cap = env.DOCUMENT_SIZE_CAP ? Number(env.DOCUMENT_SIZE_CAP) : defaults.documentSizeCap;
	if (!Number.isInteger(cap) || cap < 1024)
		throw new Error('DOCUMENT_SIZE_CAP must be a byte count of at least 1024');
	const dataDir = path.resolve(env.DATA_DIR || defaults.dataDir);
	return {
		port,
		host: env.HOST || defaults.host,
		origin: env.ORIGIN ? new URL(env.ORIGIN).origin : undefined,
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir,
		redisUrl,
		trustProxy: env.TRUST_PROXY || undefined,
		metricsToken: env.METRICS_TOKEN || undefined,
		documentSizeCap: cap,
		seedDemo: env.SEED_DEMO !== 'false',
		smtpUrl: readSmtpUrl(env),
		mailFrom: env.MAIL_FROM || `Tandem <no-reply@${env.ORIGIN ? new URL(env.ORIGIN).hostname : 'localhost'}>`,
		media: {
			dir: path.resolve(env.MEDIA_DIR || path.join(dataDir, 'media')),
			maxFileBytes: readByteCount(env, 'MEDIA_MAX_FILE_BYTES', defaults.mediaMaxFileBytes),
			maxWorkspaceBytes: readByteCount(env, 'MEDIA_MAX_WORKSPACE_BYTES', defaults.mediaMaxWorkspaceBytes)
		},
		sso: readSsoConfig(env)
	};
}

function readByteCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isSafeInteger(value) || value < 1024)
		throw new Error(`${name} must be a byte count of at least 1024`);
	return value;
}

function readSmtpUrl(env: NodeJS.ProcessEnv): string | undefined {
	const url = env.SMTP_URL || undefined;
	if (!url) return undefined;
	let protocol: string;
	try {
		protocol = new URL(url).protocol;
	} catch {
		// Not echoed: the URL may carry the mail server's password.
		throw new Error('SMTP_URL must be a URL such as smtp://user:password@mail-host:587');
	}
	if (protocol !== 'smtp:' && protocol !== 'smtps:')
		throw new Error(`SMTP_URL must start with smtp:// or smtps://, not "${protocol}//"`);
	return url;
}

/**
 * REDIS_URL (redis:// or rediss://) joins several processes on the same documents. The embedded database
 * serves one process only, so without DATABASE_URL there is nothing to join: Redis is left out, and said so.
 */
function readRedisUrl(env: NodeJS.ProcessEnv): string | undefined {
	const url = env.REDIS_URL || undefined;
	if (!url) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error(`REDIS_URL must be a URL such as redis://host:6379, not "${url}"`);
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
		throw new Error(`REDIS_URL must start with redis:// or rediss://, not "${parsed.protocol}//"`);
	if (!env.DATABASE_URL) {
		console.warn(
			'REDIS_URL is set without DATABASE_URL: the embedded database serves one process, so Redis is not used.'
		);
		return undefined;
	}
	return url;
}

export interface RedisConnection {
	host: string;
	port: number;
	options: { username?: string; password?: string; db?: number; tls?: Record<string, never> };
}

/** How to reach the Redis server a REDIS_URL names (user, password, database number, TLS for rediss://). */
export function redisConnection(url: string): RedisConnection {
	const parsed = new URL(url);
	const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
	if (db !== undefined && (!Number.isInteger(db) || db < 0))
		throw new Error(`REDIS_URL names database "${parsed.pathname.slice(1)}"; it must be a number`);
	return {
		host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
		port: parsed.port ? Number(parsed.port) : 6379,
		options: {
			...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
			...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
			...(db !== undefined ? { db } : {}),
			...(parsed.protocol === 'rediss:' ? { tls: {} } : {})
		}
	};
}
