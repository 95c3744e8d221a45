// The frame every fault suite shares: on each backend, a Tandem server of its own and a signed-up owner,
// and the seed the run replays from (FAULT_SEED).
import { afterAll, beforeAll, describe } from 'vitest';
import { backends } from '../../support/backends.ts';
import { signUp, type SignedUp } from '../../support/http-client.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { seedFromEnv } from './services.ts';

export interface FaultTarget {
	server: TestServer;
	owner: SignedUp;
	seed: number;
}

export function describeFault(
	title: string,
	workspace: string,
	envOrTests: Record<string, string> | ((target: () => FaultTarget) => void),
	maybeTests?: (target: () => FaultTarget) => void
): void {
	// The server's extra environment is optional: describeFault(title, workspace, [env,] defineTests).
	const env = typeof envOrTests === 'function' ? {} : envOrTests;
	const defineTests = typeof envOrTests === 'function' ? envOrTests : maybeTests;
	if (!defineTests) throw new Error(`${title}: no tests`);
	const seed = seedFromEnv();
	describe.each(backends)(`${title} (%s)`, (backend) => {
		let server: TestServer | undefined;
		let owner: SignedUp | undefined;
		beforeAll(async () => {
			server = await startTestServer(backend, env);
			owner = await signUp(server.url, { workspace });
		});
		afterAll(async () => {
			await server?.dispose();
		});
		defineTests(() => {
			if (!server || !owner) throw new Error(`${title}: the server did not start`);
			return { server, owner, seed };
		});
	});
}
