// Document metadata through the API: create, rename, archive, restore, list; can() decides each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { signUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Listed = {
	documents: { id: string; title: string; archived: boolean; updatedBy: { name: string } | null }[];
};

describe('documents (pglite)', () => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer('pglite');
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('creates, renames, archives and restores a workspace document', async () => {
		const { client, workspaceId } = setup.adminCoach;
		const created = await client.json<{ id: string; kind: string; updatedBy: { name: string } }>(
			`/api/v1/workspaces/${workspaceId}/documents`,
			{ method: 'POST', body: { kind: 'note', title: 'Staff meeting' } }
		);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ kind: 'note', updatedBy: { name: 'Casey Coach' } });
		const id = created.body.id;

		const renamed = await setup.teacher.client.json<{ title: string }>(`/api/v1/documents/${id}`, {
			method: 'PATCH',
			body: { title: 'Staff meeting, 3 March' }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body.title).toBe('Staff meeting, 3 March');

		expect(
			(await client.json(`/api/v1/documents/${id}`, { method: 'PATCH', body: { archived: true } })).status
		).toBe(200);
		const active = await client.json<Listed>(`/api/v1/workspaces/${workspaceId}/documents`);
		expect(active.body.documents.map((d) => d.id)).not.toContain(id);
		const archived = await client.json<Listed>(`/api/v1/workspaces/${workspaceId}/documents?archived=true`);
		expect(archived.body.documents).toContainEqual(expect.objectContaining({ id, archived: true }));

		expect(
			(await client.json(`/api/v1/documents/${id}`, { method: 'PATCH', body: { archived: false } })).status
		).toBe(200);
		const restored = await client.json<Listed>(`/api/v1/workspaces/${workspaceId}/documents`);
		expect(restored.body.documents.map((d) => d.id)).toContain(id);
	});

	it('refuses a title that is empty or too long, clearly', async () => {
		const { client, workspaceId } = setup.adminCoach;
		for (const title of ['', '   ', 'x'.repeat(201)]) {
			const response = await client.json<{ error: { code: string; message: string } }>(
				`/api/v1/workspaces/${workspaceId}/documents`,
				{ method: 'POST', body: { kind: 'note', title } }
			);
			expect(response.status).toBe(400);
			expect(response.body.error).toMatchObject({
				code: 'invalid_request',
				message: expect.stringMatching(/title/i)
			});
		}
	});

	it('lists a cycle document only to its teacher and coach, and lets no one else rename it', async () => {
		const visibleTo = async (who: typeof setup.teacher) =>
			(
				await who.client.json<Listed>(`/api/v1/workspaces/${setup.adminCoach.workspaceId}/documents`)
			).body.documents.some((d) => d.id === setup.goalId);
		expect(await visibleTo(setup.teacher)).toBe(true);
		expect(await visibleTo(setup.adminCoach)).toBe(true);
		expect(await visibleTo(setup.principal)).toBe(false);
		expect(await visibleTo(setup.otherTeacher)).toBe(false);

		const byOther = await setup.otherTeacher.client.json(`/api/v1/documents/${setup.goalId}`, {
			method: 'PATCH',
			body: { title: 'hijacked' }
		});
		expect(byOther.status).toBe(404);
		const outsider = await signUp(server.url, { workspace: 'Elsewhere District' });
		const fromOutside = await outsider.client.json(`/api/v1/documents/${setup.goalId}`);
		expect(fromOutside.status).toBe(404);
	});
});
