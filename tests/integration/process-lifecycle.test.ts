// One process per embedded database, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestServer, type TestServer } from '../support/server.ts';

describe('process lifecycle (pglite)', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer('pglite');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('refuses to start a second process on the same data directory, saying why', async () => {
		const port = await freePort();
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
			env: { ...process.env, ...server.env, PORT: String(port) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		expect(code).not.toBe(0);
		expect(output).toMatch(/already in use by process \d+/);
	});

	it('exits 0 within 10 s on SIGTERM', async () => {
		const started = Date.now();
		expect(await server.terminate()).toBe(0);
		expect(Date.now() - started).toBeLessThan(10_000);
	});
});
