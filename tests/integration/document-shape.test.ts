// Issue 16 §1: a document written in the version 1 shape (the goal's statement and metric, and action
// steps' text, as plain strings) opens with its words carried over into shared texts: the real server
// converts it when it loads it from the database, before any client syncs, and the cycle's derived
// action steps keep reading it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readActionSteps } from '../../src/lib/domain/action-steps.ts';
import { schemaVersionOf, SCHEMA_VERSION } from '../../src/lib/domain/document-shape.ts';
import { goalText, readGoal } from '../../src/lib/domain/goal-document.ts';
import { backends } from '../support/backends.ts';
import { connectSynced, type CollabClient } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('older documents converted at load (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const connect = () => connectSynced(server.wsUrl, setup.goalId, setup.adminCoach.client.cookieHeader);

	it('opens a version 1 goal with its statement, metric and step text as shared texts', async () => {
		// An older client writes the version 1 shape.
		const old = await connect();
		old.doc.transact(() => {
			old.doc.getMap('meta').set('schemaVersion', 1);
			const goal = old.doc.getMap('goal');
			goal.set('statement', 'More students explain their reasoning aloud.');
			goal.set('metric', 'Students who explain in a math talk');
			goal.set('baseline', 4);
			const step = new Y.Map<unknown>();
			step.set('id', 'old-step');
			step.set('text', 'Use a visible timer');
			step.set('owner', null);
			step.set('due', null);
			step.set('done', false);
			old.doc.getArray('actionSteps').push([step]);
		});
		await old.allSaved();
		old.destroy();

		// The document unloads once its last client has left and it is stored; the next load converts it.
		let fresh: CollabClient;
		const deadline = Date.now() + 30_000;
		for (;;) {
			fresh = await connect();
			if (schemaVersionOf(fresh.doc) === SCHEMA_VERSION) break;
			fresh.destroy();
			if (Date.now() > deadline) throw new Error('the document was never loaded again to be converted');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		try {
			expect(goalText(fresh.doc, 'statement')?.toString()).toBe(
				'More students explain their reasoning aloud.'
			);
			expect(goalText(fresh.doc, 'metric')?.toString()).toBe('Students who explain in a math talk');
			expect(fresh.doc.getMap('goal').has('statement')).toBe(false);
			expect(readGoal(fresh.doc).fields).toMatchObject({ baseline: 4, baselineText: '4' });
			const step = fresh.doc
				.getArray('actionSteps')
				.toArray()
				.find((entry) => entry instanceof Y.Map && entry.get('id') === 'old-step') as Y.Map<unknown>;
			expect(step.get('text')).toBeInstanceOf(Y.Text);
			expect(readActionSteps(fresh.doc).map((s) => s.text)).toContain('Use a visible timer');

			// Typing into the converted text is an ordinary edit, and the cycle's derived steps read it.
			goalText(fresh.doc, 'statement')?.insert(0, 'By June: ');
			(step.get('text') as Y.Text).insert(0, 'Always ');
			await fresh.allSaved();
			const deadlineSteps = Date.now() + 20_000;
			for (;;) {
				const steps = await setup.teacher.client.json<{ actionSteps: { id: string; text: string }[] }>(
					`/api/v1/cycles/${setup.cycleId}/action-steps`
				);
				if (
					steps.body.actionSteps.some((s) => s.id === 'old-step' && s.text === 'Always Use a visible timer')
				)
					break;
				if (Date.now() > deadlineSteps) throw new Error(`derived steps: ${JSON.stringify(steps.body)}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		} finally {
			fresh.destroy();
		}

		// Converted once: the next load leaves it as it is.
		const again = await connect();
		try {
			expect(readGoal(again.doc).fields.statement).toBe(
				'By June: More students explain their reasoning aloud.'
			);
		} finally {
			again.destroy();
		}
	});
});
