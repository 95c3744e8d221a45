// A change the server makes itself (a comment posted through the API) whose update-log row the database
// refuses must not end the process: Hocuspocus runs `onChange` without awaiting it, so a rejection there
// is unhandled. The update stays queued for the next store to log again, and other documents keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { refuseWritesContaining } from '../support/canary/refusing-trigger.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('a refused server-side change (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		await refuseWritesContaining(server, 'refusedword');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('keeps the server running when the update log refuses a comment', async () => {
		const posted = await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/comments`, {
			method: 'POST',
			body: { text: 'A thought: refusedword' }
		});
		expect(posted.status).toBeLessThan(600);
		// The group commit fails a moment later; give the rejection time to surface.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(server.process().exitCode).toBeNull();
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		// Another document keeps working. (The refused one answers 503 to further server changes until its
		// queued update is logged: control.change keeps nothing half-done; server-change-faults.test.ts.)
		const plan = await setup.teacher.client.json<{ id: string }>(
			`/api/v1/cycles/${setup.cycleId}/documents`,
			{
				method: 'POST',
				body: { kind: 'lesson_plan' }
			}
		);
		expect(plan.status).toBe(201);
		const other = await setup.teacher.client.json(`/api/v1/documents/${plan.body.id}/comments`, {
			method: 'POST',
			body: { text: 'An ordinary comment' }
		});
		expect(other.status).toBe(201);
	});
});
