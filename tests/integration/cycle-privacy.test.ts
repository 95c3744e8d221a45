// Cycle documents are the teacher's and coach's; sharing adds a read-only viewer; revoking ends it at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readComments } from '../../src/lib/domain/comments.ts';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor, connectSynced } from '../support/collab-client.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('cycle document privacy (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('keeps an admin out of an unshared cycle document: API 404, socket 4403', async () => {
		const api = await setup.principal.client.json<{ error: { code: string } }>(
			`/api/v1/documents/${setup.goalId}`
		);
		expect(api.status).toBe(404);
		const cycle = await setup.principal.client.json<{ documents: unknown[]; documentCount: number }>(
			`/api/v1/cycles/${setup.cycleId}`
		);
		expect(cycle.status).toBe(200);
		expect('documents' in cycle.body).toBe(false);
		expect(cycle.body.documentCount).toBe(1);
		const socket = connectClient({
			wsUrl: server.wsUrl,
			documentId: setup.goalId,
			cookie: setup.principal.client.cookieHeader
		});
		try {
			await expect(socket.authenticated).rejects.toThrow();
			expect(await socket.nextClose()).toBe(4403);
			expect(socket.doc.getMap('meta').size).toBe(0);
		} finally {
			socket.destroy();
		}
	});

	it('lets only the teacher share', async () => {
		const byCoach = await setup.adminCoach.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: setup.principal.user.id, access: 'read' }
		});
		expect(byCoach.status).toBe(403);
		const byOther = await setup.otherTeacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: setup.otherTeacher.user.id, access: 'read' }
		});
		expect(byOther.status).toBe(404);
	});

	it('refuses a read-only viewer’s edits on the server and stamps awareness from the session', async () => {
		const shared = await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: setup.principal.user.id, access: 'read' }
		});
		expect(shared.status).toBe(201);

		const teacher = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		const viewer = await connectSynced(server.wsUrl, setup.goalId, setup.principal.client.cookieHeader);
		try {
			teacher.doc.getText('probe').insert(0, 'teacher wrote this');
			await teacher.allSaved();
			await waitFor(
				() => viewer.doc.getText('probe').toString() === 'teacher wrote this',
				5000,
				'viewer sees edit'
			);

			// The viewer's editor would be read-only; a tampered client sends the edit anyway.
			viewer.doc.getText('probe').insert(0, '[viewer tampering]');
			// And claims to be someone else in awareness.
			viewer.provider.setAwarenessField('user', {
				name: 'Taylor Teacher',
				id: setup.teacher.user.id,
				color: '#000'
			});
			await new Promise((resolve) => setTimeout(resolve, 500));

			expect(teacher.doc.getText('probe').toString()).toBe('teacher wrote this');
			const fresh = await connectSynced(server.wsUrl, setup.goalId, setup.adminCoach.client.cookieHeader);
			try {
				expect(fresh.doc.getText('probe').toString()).toBe('teacher wrote this');
			} finally {
				fresh.destroy();
			}

			await waitFor(
				() => [...teacher.provider.awareness!.getStates().values()].some((s) => s.user?.role === 'viewer'),
				5000,
				'viewer presence'
			);
			const viewerState = [...teacher.provider.awareness!.getStates().values()].find(
				(s) => s.user?.role === 'viewer'
			);
			expect(viewerState?.user).toMatchObject({ name: 'Pat Principal', id: setup.principal.user.id });
		} finally {
			teacher.destroy();
			viewer.destroy();
		}
	});

	it('closes the viewer’s socket within 1 s when the teacher revokes the share', async () => {
		const viewer = await connectSynced(server.wsUrl, setup.goalId, setup.principal.client.cookieHeader);
		try {
			const closed = viewer.nextClose(1000);
			const started = Date.now();
			const revoked = await setup.teacher.client.request(
				`/api/v1/documents/${setup.goalId}/shares/${setup.principal.user.id}`,
				{
					method: 'DELETE'
				}
			);
			expect(revoked.status).toBe(204);
			expect(await closed).toBe(4205);
			expect(Date.now() - started).toBeLessThan(1000);
		} finally {
			viewer.destroy();
		}
		const again = connectClient({
			wsUrl: server.wsUrl,
			documentId: setup.goalId,
			cookie: setup.principal.client.cookieHeader
		});
		try {
			await expect(again.authenticated).rejects.toThrow();
			expect(await again.nextClose()).toBe(4403);
		} finally {
			again.destroy();
		}
	});

	it('restores a named version as a new edit that connected clients see live', async () => {
		const coach = await connectSynced(server.wsUrl, setup.goalId, setup.adminCoach.client.cookieHeader);
		const teacher = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		try {
			const body = coach.doc.getXmlFragment('body');
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText('Baseline: 4 of 26 explain their thinking')]);
			body.insert(body.length, [paragraph]);
			await coach.allSaved();
			const named = await setup.teacher.client.json<{ id: string }>(
				`/api/v1/documents/${setup.goalId}/versions`,
				{
					method: 'POST',
					body: { name: 'before debrief' }
				}
			);
			expect(named.status).toBe(201);

			body.delete(0, body.length);
			await coach.allSaved();
			await waitFor(() => teacher.doc.getXmlFragment('body').length === 0, 5000, 'teacher sees deletion');

			const view = await setup.teacher.client.json<{ text: string; diff: { type: string; text: string }[] }>(
				`/api/v1/documents/${setup.goalId}/versions/${named.body.id}`
			);
			expect(view.body.text).toContain('Baseline: 4 of 26');
			expect(view.body.diff).toContainEqual({
				type: 'removed',
				text: 'Baseline: 4 of 26 explain their thinking'
			});

			const restored = await setup.teacher.client.json(
				`/api/v1/documents/${setup.goalId}/versions/${named.body.id}/restore`,
				{
					method: 'POST'
				}
			);
			expect(restored.status).toBe(200);
			for (const client of [coach, teacher]) {
				await waitFor(
					() => client.doc.getXmlFragment('body').toString().includes('Baseline: 4 of 26'),
					5000,
					'restored content reaches every client'
				);
			}
			const versions = await setup.teacher.client.json<{
				versions: { name: string | null; reason: string }[];
			}>(`/api/v1/documents/${setup.goalId}/versions`);
			expect(versions.body.versions.map((v) => v.reason)).toEqual(
				expect.arrayContaining(['named', 'before-restore'])
			);
		} finally {
			coach.destroy();
			teacher.destroy();
		}
	});

	it('lets a reader with comment access comment through the server, and nobody else', async () => {
		const commenter = setup.otherTeacher;
		await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: commenter.user.id, access: 'comment' }
		});
		const teacher = await connectSynced(server.wsUrl, setup.goalId, setup.teacher.client.cookieHeader);
		try {
			const posted = await commenter.client.json<{ id: string; authorId: string }>(
				`/api/v1/documents/${setup.goalId}/comments`,
				{ method: 'POST', body: { text: 'Could the baseline come from two lessons?' } }
			);
			expect(posted.status).toBe(201);
			expect(posted.body.authorId).toBe(commenter.user.id);
			// It arrives live in the document, stamped by the server with the author.
			await waitFor(() => readComments(teacher.doc).length === 1, 5000, 'the comment');
			expect(readComments(teacher.doc)[0]).toMatchObject({
				authorId: commenter.user.id,
				text: 'Could the baseline come from two lessons?'
			});
			const empty = await commenter.client.json(`/api/v1/documents/${setup.goalId}/comments`, {
				method: 'POST',
				body: { text: '   ' }
			});
			expect(empty.status).toBe(400);
			await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
				method: 'POST',
				body: { userId: commenter.user.id, access: 'read' }
			});
			const readerOnly = await commenter.client.json(`/api/v1/documents/${setup.goalId}/comments`, {
				method: 'POST',
				body: { text: 'And now?' }
			});
			expect(readerOnly.status).toBe(403);
			const stranger = await setup.principal.client.json(`/api/v1/documents/${setup.goalId}/comments`);
			expect(stranger.status).toBe(404);
			const ledger = await setup.teacher.client.json<{ actorId: string; action: string }[]>(
				`/api/v1/documents/${setup.goalId}/ledger`
			);
			expect(ledger.body).toContainEqual(
				expect.objectContaining({ actorId: commenter.user.id, action: 'comment' })
			);
		} finally {
			teacher.destroy();
		}
	});
});
