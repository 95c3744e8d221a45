// Which outside services a fault test needs, and what it says when they are missing: a skipped test must
// be impossible to miss, and under CI=true a missing service is a failure, not a skip.
import { connect } from 'node:net';
import { it } from 'vitest';
import type { TestServer } from '../../support/server.ts';

export const inCi = process.env.CI === 'true';

export function shout(message: string): void {
	const bar = '!'.repeat(Math.min(110, message.length + 8));
	console.warn(`\n${bar}\n!!! ${message} !!!\n${bar}\n`);
}

/** Whether a Redis server answers PING at this URL (no client library: one line over TCP). */
export async function redisAnswers(url: string | undefined, timeoutMs = 2000): Promise<boolean> {
	if (!url) return false;
	const parsed = new URL(url);
	return new Promise((resolve) => {
		const socket = connect(Number(parsed.port || 6379), parsed.hostname || '127.0.0.1');
		const done = (answer: boolean) => {
			socket.destroy();
			resolve(answer);
		};
		const timer = setTimeout(() => done(false), timeoutMs);
		socket.once('connect', () => {
			if (parsed.password) {
				const user = parsed.username ? `${decodeURIComponent(parsed.username)} ` : '';
				socket.write(`AUTH ${user}${decodeURIComponent(parsed.password)}\r\n`);
			}
			socket.write('PING\r\n');
		});
		socket.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('+PONG')) {
				clearTimeout(timer);
				done(true);
			}
		});
		socket.once('error', () => {
			clearTimeout(timer);
			done(false);
		});
	});
}

/**
 * What ends the title of a skipped stand-in for a suite that lacks a service: scripts/test-summary.mjs
 * lists these by name with how to enable them, and passes the run without CI (any other skip fails it).
 */
export const NOT_RUN_MARK = '[not run: ';

/**
 * Registers a stand-in for a suite that cannot run here: a loud warning, and under CI=true a failing test
 * (CI promises every service, so a missing one is a broken CI, not a reason to pass).
 */
export function reportMissing(suite: string, missing: string): void {
	const message = `${suite}: SKIPPED, ${missing}`;
	shout(message);
	if (inCi) {
		it(`${suite} needs ${missing.replace(/^no /, '')} (CI=true)`, () => {
			throw new Error(`${message}. CI must provide it.`);
		});
	} else {
		it.skip(`${suite} ${NOT_RUN_MARK}${missing}]`, () => {});
	}
}

/** The server's /metrics as name{labels} → value. */
export async function scrapeMetrics(server: TestServer, token?: string): Promise<Map<string, number>> {
	const response = await fetch(`${server.url}/metrics`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
	const values = new Map<string, number>();
	for (const line of (await response.text()).split('\n')) {
		if (!line || line.startsWith('#')) continue;
		const space = line.lastIndexOf(' ');
		values.set(line.slice(0, space), Number(line.slice(space + 1)));
	}
	return values;
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function eventually(
	check: () => Promise<boolean>,
	timeoutMs: number,
	everyMs = 100
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/** A seeded generator (xorshift32) so a failing run can be replayed from the seed it printed. */
export function seededRandom(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 2 ** 32;
	};
}

export function seedFromEnv(name = 'FAULT_SEED'): number {
	const given = process.env[name];
	return given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
