// Starts the real, built Tandem server as a child process, exactly as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type Backend, type DatabaseEnv } from './backends.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestServer {
	backend: Backend;
	url: string;
	wsUrl: string;
	port: number;
	env: Record<string, string>;
	process(): ChildProcess;
	/** Everything the server has written to stdout and stderr so far, across restarts. */
	logs(): string;
	/** SIGKILL: nothing is flushed, exactly like a crash. */
	kill9(): Promise<void>;
	/** SIGTERM and wait for the exit code. */
	terminate(): Promise<number | null>;
	/** Start again on the same database and port. */
	restart(): Promise<void>;
	/** Stop and drop the database. */
	dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export async function startTestServer(
	backend: Backend,
	extraEnv: Record<string, string> = {}
): Promise<TestServer> {
	const database: DatabaseEnv = await freshDatabase(backend);
	const port = await freePort();
	const env = serverEnv(database, port, extraEnv);
	const output = { text: '' };
	let child: ChildProcess = await spawnServer(env, output);
	const url = `http://127.0.0.1:${port}`;
	return {
		backend,
		url,
		wsUrl: `ws://127.0.0.1:${port}/collab`,
		port,
		env,
		process: () => child,
		logs: () => output.text,
		async kill9() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		},
		async terminate() {
			if (child.exitCode !== null) return child.exitCode;
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			return exited;
		},
		async restart() {
			child = await spawnServer(env, output);
		},
		async dispose() {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(timer);
			}
			await database.drop();
		}
	};
}

async function spawnServer(env: Record<string, string>, log: { text: string }): Promise<ChildProcess> {
	// REDIS_URL joins processes: only a test that asks for it gets it (tests/integration/scale-out.test.ts).
	// Otherwise every Postgres test server would share Redis state, such as one log-in bucket for 127.0.0.1.
	const { REDIS_URL: _inherited, ...inherited } = process.env;
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
		cwd: root,
		env: { ...inherited, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const start = log.text.length;
	const since = () => log.text.slice(start);
	let listening = false;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${since()}`)), 60_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			log.text += chunk.toString();
			if (!listening && since().includes('Tandem is listening on')) {
				listening = true;
				clearTimeout(timer);
				resolve();
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			log.text += chunk.toString();
			if (process.env.TEST_SERVER_LOGS) process.stderr.write(chunk);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${since()}`));
		});
	});
	child.removeAllListeners('exit');
	// The listeners above keep draining output (a chatty server never blocks on a full pipe) into logs().
	return child;
}

/** What a Tandem server started for tests or the bench runs with: its own database and port, built already, no demo. */
export function serverEnv(
	database: DatabaseEnv,
	port: number,
	extraEnv: Record<string, string> = {}
): Record<string, string> {
	return {
		...database.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		SKIP_BUILD: '1',
		SEED_DEMO: 'false',
		LOG_LEVEL: 'warn',
		...extraEnv
	};
}
