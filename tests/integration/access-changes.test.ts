// Issue 15: an access change closes the affected sockets inside the use-case, so every way of making it (the
// JSON API, a form) behaves the same: sharing and unsharing, PLC membership, role changes, deactivation and
// deletion. A change in one school leaves the person's sockets in another school open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectSynced, waitFor, type CollabClient } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

async function expectClosed(socket: CollabClient, code = 4205): Promise<void> {
	await waitFor(() => socket.closes.length > 0, 5_000, 'the socket to close');
	expect(socket.closes[0]).toBe(code);
}

/** Still open after the change has had time to reach it. */
async function expectOpen(socket: CollabClient): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 300));
	expect(socket.closes).toEqual([]);
}

describe.each(backends)('access changes close sockets the same way on every path (%s)', (backend) => {
	let server: TestServer;
	let adminA: SignedUp;
	let adminB: SignedUp;
	let teacher: SignedUp;
	let person: SignedUp;
	let goalId: string;
	let plcId: string;
	let plcDocumentId: string;
	let staffA: string;
	let staffB: string;
	const sockets: CollabClient[] = [];
	const open = async (documentId: string) => {
		const socket = await connectSynced(server.wsUrl, documentId, person.client.cookieHeader);
		sockets.push(socket);
		return socket;
	};

	beforeAll(async () => {
		server = await startTestServer(backend);
		adminA = await signUp(server.url, { name: 'Ada Admin', workspace: 'School A' });
		adminB = await signUp(server.url, { name: 'Bo Admin', workspace: 'School B' });
		teacher = await inviteAndJoin(adminA, ['teacher'], 'Taylor Teacher');
		person = await inviteAndJoin(adminA, ['teacher'], 'Parker Person');
		const invitation = await adminB.client.json<{ url: string }>(
			`/api/v1/workspaces/${adminB.workspaceId}/invitations`,
			{ method: 'POST', body: { email: person.user.email, roles: ['teacher'] } }
		);
		expect((await person.client.postForm(new URL(invitation.body.url).pathname, {})).status).toBe(303);
		const cycle = await adminA.client.json<{ documents: { id: string; kind: string }[] }>(
			`/api/v1/workspaces/${adminA.workspaceId}/cycles`,
			{ method: 'POST', body: { teacherId: teacher.user.id, title: 'Discourse', focus: 'Questions' } }
		);
		goalId = cycle.body.documents.find((d) => d.kind === 'goal')?.id as string;
		const plc = await adminA.client.json<{ id: string }>(`/api/v1/workspaces/${adminA.workspaceId}/plcs`, {
			method: 'POST',
			body: { name: 'Grade 3 team', memberIds: [person.user.id, teacher.user.id] }
		});
		plcId = plc.body.id;
		const plcDocument = await teacher.client.json<{ id: string }>(`/api/v1/plcs/${plcId}/documents`, {
			method: 'POST',
			body: { kind: 'note', title: 'Agenda' }
		});
		if (plcDocument.status !== 201) throw new Error(`plc document: ${JSON.stringify(plcDocument.body)}`);
		plcDocumentId = plcDocument.body.id;
		staffA = await createWorkspaceDocument(adminA, 'Staff notes A');
		staffB = await createWorkspaceDocument(adminB, 'Staff notes B');
	}, 120_000);
	afterAll(async () => {
		for (const socket of sockets) socket.destroy();
		await server?.dispose();
	});

	const share = {
		api: (access: string) =>
			teacher.client.json(`/api/v1/documents/${goalId}/shares`, {
				method: 'POST',
				body: { userId: person.user.id, access }
			}),
		form: (access: string) =>
			teacher.client.postForm(`/documents/${goalId}?/share`, { userId: person.user.id, access })
	};
	const unshare = {
		api: () =>
			teacher.client.request(`/api/v1/documents/${goalId}/shares/${person.user.id}`, { method: 'DELETE' }),
		form: () => teacher.client.postForm(`/documents/${goalId}?/unshare`, { userId: person.user.id })
	};

	it.each(['api', 'form'] as const)(
		'a changed share (%s) closes the reader’s socket on that document',
		async (via) => {
			expect((await share.api('comment')).status).toBe(201);
			const reader = await open(goalId);
			const elsewhere = await open(staffA);
			const answer = await share[via]('read');
			expect(answer.status).toBe(via === 'api' ? 201 : 200);
			await expectClosed(reader);
			await expectOpen(elsewhere);
		}
	);

	it.each(['api', 'form'] as const)('an ended share (%s) closes the reader’s socket', async (via) => {
		expect((await share.api('read')).status).toBe(201);
		const reader = await open(goalId);
		const answer = await unshare[via]();
		expect(answer.status).toBe(via === 'api' ? 204 : 200);
		await expectClosed(reader);
	});

	it.each(['api', 'form'] as const)('leaving a PLC (%s) closes the socket on its documents', async (via) => {
		const member = await open(plcDocumentId);
		const answer =
			via === 'api'
				? await adminA.client.json(`/api/v1/plcs/${plcId}/members`, {
						method: 'PUT',
						body: { memberIds: [teacher.user.id] }
					})
				: await adminA.client.postForm(`/plcs/${plcId}?/members`, { memberIds: teacher.user.id });
		expect(answer.status).toBe(200);
		await expectClosed(member);
		// Back in, for the next path.
		const back = await adminA.client.json(`/api/v1/plcs/${plcId}/members`, {
			method: 'PUT',
			body: { memberIds: [teacher.user.id, person.user.id] }
		});
		expect(back.status).toBe(200);
	});

	it('a role change in school A closes the person’s sockets there, not in school B', async () => {
		const inA = await open(staffA);
		const inB = await open(staffB);
		const answer = await adminA.client.postForm('/members?/roles', {
			userId: person.user.id,
			roles: 'coach'
		});
		expect(answer.status).toBe(200);
		await expectClosed(inA);
		await expectOpen(inB);
	});

	it('deactivation in school A closes the sockets there and keeps the person signed in for school B', async () => {
		const inA = await open(staffA);
		const inB = await open(staffB);
		const answer = await adminA.client.postForm('/members?/deactivate', { userId: person.user.id });
		expect(answer.status).toBe(200);
		await expectClosed(inA);
		await expectOpen(inB);
		expect((await person.client.json('/api/v1/me')).status).toBe(200);
		expect((await person.client.json(`/api/v1/documents/${staffA}`)).status).toBe(404);
		expect((await person.client.json(`/api/v1/documents/${staffB}`)).status).toBe(200);
		const back = await adminA.client.postForm('/members?/reactivate', { userId: person.user.id });
		expect(back.status).toBe(200);
	});

	it('deactivation signs out a person who belongs nowhere else', async () => {
		const socket = await connectSynced(server.wsUrl, staffA, teacher.client.cookieHeader);
		sockets.push(socket);
		const answer = await adminA.client.postForm('/members?/deactivate', { userId: teacher.user.id });
		expect(answer.status).toBe(200);
		await waitFor(() => socket.closes.length > 0, 5_000, 'the socket to close');
		expect((await teacher.client.json('/api/v1/me')).status).toBe(401);
	});

	it('a deletion request through the form closes the person’s sockets in that school only', async () => {
		const inA = await open(staffA);
		const inB = await open(staffB);
		const answer = await adminA.client.postForm('/members?/deletePerson', {
			userId: person.user.id,
			confirmName: 'Parker Person'
		});
		expect(answer.status).toBe(200);
		await expectClosed(inA);
		await expectOpen(inB);
	});
});
