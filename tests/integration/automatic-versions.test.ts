// Versions are kept automatically: whenever the last editor leaves, and after every 10 minutes of
// continuous editing, counted from the first edit since the last version (not at the first keystroke's store).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument, storedWithEditor } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Version = { reason: string; createdBy: { id: string; name: string } | null };

describe('automatic versions (pglite)', () => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer('pglite');
		owner = await signUp(server.url, { name: 'Vera Version', workspace: 'History School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	async function editAndLeave(documentId: string, text: string) {
		const writer = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		await writer.authenticated;
		await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
		writer.doc.getText('probe').insert(0, text);
		await writer.allSaved();
		writer.destroy();
	}

	async function versionsOnceThereAre(documentId: string, count: number): Promise<Version[]> {
		const deadline = Date.now() + 10_000;
		for (;;) {
			const { body } = await owner.client.json<{ versions: Version[] }>(
				`/api/v1/documents/${documentId}/versions`
			);
			if (body.versions.length >= count || Date.now() > deadline) return body.versions;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	it('keeps no version at a store while its editor is still there', async () => {
		const documentId = await createWorkspaceDocument(owner, 'Planning notes');
		const writer = connectClient({ wsUrl: server.wsUrl, documentId, cookie: owner.client.cookieHeader });
		try {
			await writer.authenticated;
			await waitFor(() => writer.provider.isSynced, 10_000, 'sync');
			writer.doc.getText('probe').insert(0, 'objective: ');
			await writer.allSaved();
			await storedWithEditor(owner, documentId); // 2 s after the edit
			const { body } = await owner.client.json<{ versions: Version[] }>(
				`/api/v1/documents/${documentId}/versions`
			);
			expect(body.versions).toEqual([]);
		} finally {
			writer.destroy();
		}
		expect(await versionsOnceThereAre(documentId, 1)).toMatchObject([{ reason: 'last-editor-left' }]);
	});

	it('keeps a version, with its editor, each time the last editor leaves', async () => {
		const documentId = await createWorkspaceDocument(owner, 'Debrief notes');
		await editAndLeave(documentId, 'went well: wait time. ');
		expect(await versionsOnceThereAre(documentId, 1)).toHaveLength(1);

		await editAndLeave(documentId, 'next: try think-pair-share. ');
		const versions = await versionsOnceThereAre(documentId, 2);
		expect(versions).toHaveLength(2);
		expect(versions[0]).toMatchObject({
			reason: 'last-editor-left',
			createdBy: { id: owner.user.id, name: 'Vera Version' }
		});

		const listed = await owner.client.json<{
			documents: { id: string; updatedBy: { name: string } | null }[];
		}>(`/api/v1/workspaces/${owner.workspaceId}/documents`);
		expect(listed.body.documents.find((d) => d.id === documentId)?.updatedBy?.name).toBe('Vera Version');
	});
});
