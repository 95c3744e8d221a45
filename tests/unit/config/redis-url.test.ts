// REDIS_URL joins processes only when there is a shared database to join them on, and says why when not.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConfig, redisConnection } from '../../../src/lib/server/config.ts';

describe('REDIS_URL', () => {
	afterEach(() => vi.restoreAllMocks());

	it('is used with a Postgres server', () => {
		const config = readConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://db/tandem' });
		expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
	});

	it('is left out, with a warning, on the embedded database (one process only)', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBeUndefined();
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('embedded database serves one process'));
	});

	it('refuses what is not a redis:// or rediss:// URL, saying what it got', () => {
		const env = { DATABASE_URL: 'postgres://db/tandem' };
		expect(() => readConfig({ ...env, REDIS_URL: 'localhost:6379' })).toThrow(/redis:\/\/ or rediss:\/\//);
		expect(() => readConfig({ ...env, REDIS_URL: 'not a url' })).toThrow(/must be a URL/);
	});

	it('carries user, password, database number and TLS to the client', () => {
		expect(redisConnection('rediss://app:s%3Acret@cache.internal:6380/2')).toEqual({
			host: 'cache.internal',
			port: 6380,
			options: { username: 'app', password: 's:cret', db: 2, tls: {} }
		});
		expect(redisConnection('redis://[::1]')).toEqual({ host: '::1', port: 6379, options: {} });
		expect(() => redisConnection('redis://cache/zero')).toThrow(/must be a number/);
	});
});
