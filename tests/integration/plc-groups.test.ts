// PLC groups on a real server: set up by coaches and admins, their members changed by the facilitator or an admin, a space only members work in, members who
// leave are closed out at once, and who is in which document right now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readProtocol } from '../../src/lib/domain/protocol.ts';
import { backends } from '../support/backends.ts';
import { connectClient, connectSynced, waitFor } from '../support/collab-client.ts';
import { inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface PlcBody {
	id: string;
	name: string;
	facilitator: { id: string } | null;
	members: { id: string; name: string }[];
	documents: { id: string; kind: string }[];
}

describe.each(backends)('PLC groups (%s)', (backend) => {
	let server: TestServer;
	let coach: SignedUp;
	let ana: SignedUp;
	let ben: SignedUp;
	let outsider: SignedUp;
	let stranger: SignedUp;
	let plcId: string;
	let agendaId: string;

	beforeAll(async () => {
		server = await startTestServer(backend);
		coach = await signUp(server.url, { name: 'Casey Coach', workspace: 'Riverside Elementary' });
		ana = await inviteAndJoin(coach, ['teacher'], 'Ana Alvarez');
		ben = await inviteAndJoin(coach, ['teacher'], 'Ben Brooks');
		outsider = await inviteAndJoin(coach, ['teacher'], 'Olive Other');
		stranger = await signUp(server.url, { name: 'Hal Hillside', workspace: 'Hillside Middle' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const plcs = () => `/api/v1/workspaces/${coach.workspaceId}/plcs`;

	it('is set up by coaches and admins, with a facilitator among its members', async () => {
		const byTeacher = await ana.client.json(plcs(), {
			method: 'POST',
			body: { name: 'Mine', memberIds: [] }
		});
		expect(byTeacher.status).toBe(403);
		const unnamed = await coach.client.json<{ error: { details: Record<string, string> } }>(plcs(), {
			method: 'POST',
			body: { name: ' ', memberIds: [ana.user.id] }
		});
		expect(unnamed.status).toBe(400);
		const foreign = await coach.client.json(plcs(), {
			method: 'POST',
			body: { name: '4th grade', memberIds: [stranger.user.id] }
		});
		expect(foreign.status).toBe(400);
		const created = await coach.client.json<PlcBody>(plcs(), {
			method: 'POST',
			body: { name: '4th grade math', memberIds: [ana.user.id], facilitatorId: ben.user.id }
		});
		expect(created.status).toBe(201);
		expect(created.body.members.map((m) => m.name).sort()).toEqual(['Ana Alvarez', 'Ben Brooks']);
		expect(created.body.facilitator?.id).toBe(ben.user.id);
		plcId = created.body.id;
		expect((await stranger.client.json(`/api/v1/plcs/${plcId}`)).status).toBe(404);
		const listed = await outsider.client.json<{ plcs: PlcBody[] }>(plcs());
		expect(listed.body.plcs).toEqual([]);
	});

	it('is edited by its facilitator and admins only, with its rules checked', async () => {
		const group = `/api/v1/plcs/${plcId}`;
		const byMember = await ana.client.json(group, { method: 'PATCH', body: { name: 'Ours' } });
		expect(byMember.status).toBe(403);
		const unnamed = await coach.client.json<{ error: { code: string } }>(group, {
			method: 'PATCH',
			body: { name: '' }
		});
		expect(unnamed.status).toBe(400);
		const notMember = await coach.client.json(group, {
			method: 'PATCH',
			body: { facilitatorId: outsider.user.id }
		});
		expect(notMember.status).toBe(400);
		const renamed = await coach.client.json<PlcBody & { description: string }>(group, {
			method: 'PATCH',
			body: { name: '4th grade math team', description: 'Fractions this term', facilitatorId: ana.user.id }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ name: '4th grade math team', facilitator: { id: ana.user.id } });
		// The admin who set it up is not in the group: its description is the members' (issue 13).
		expect('description' in renamed.body).toBe(false);
		const seenByMember = await ana.client.json<{ description: string }>(group);
		expect(seenByMember.body.description).toBe('Fractions this term');
		const archived = await coach.client.json<{ archived: boolean }>(group, {
			method: 'PATCH',
			body: { archived: true }
		});
		expect(archived.body.archived).toBe(true);
		expect((await coach.client.json<{ plcs: PlcBody[] }>(plcs())).body.plcs).toEqual([]);
		const back = await coach.client.json<{ archived: boolean }>(group, {
			method: 'PATCH',
			body: { archived: false, facilitatorId: ben.user.id }
		});
		expect(back.body.archived).toBe(false);
		// Coaches see every group, members their own; the list is the same shape as the group.
		const listed = await coach.client.json<{ plcs: PlcBody[] }>(plcs());
		expect(listed.body.plcs.map((p) => p.id)).toEqual([plcId]);
		const mine = await ana.client.json<{ plcs: PlcBody[] }>(plcs());
		expect(mine.body.plcs.map((p) => p.id)).toEqual([plcId]);
	});

	it('does not exist for another workspace', async () => {
		const routes: [string, string, unknown?][] = [
			['GET', `/api/v1/plcs/${plcId}`],
			['PATCH', `/api/v1/plcs/${plcId}`, { name: 'Mine now' }],
			['PUT', `/api/v1/plcs/${plcId}/members`, { memberIds: [stranger.user.id] }],
			['POST', `/api/v1/plcs/${plcId}/documents`, { kind: 'plc_notes', title: 'Sneaky' }],
			['GET', `/api/v1/plcs/${plcId}/presence`],
			['GET', plcs()],
			['POST', plcs(), { name: 'Theirs', memberIds: [] }]
		];
		for (const [method, path, body] of routes) {
			const response = await stranger.client.json<{ error: { code: string } }>(path, { method, body });
			expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
			expect(response.body.error.code).toBe('not_found');
		}
		expect((await coach.client.json(`/api/v1/plcs/${crypto.randomUUID()}`)).status).toBe(404);
	});

	it('gives its space to members only, and seeds protocols with phases', async () => {
		const byCoach = await coach.client.json(`/api/v1/plcs/${plcId}/documents`, {
			method: 'POST',
			body: { kind: 'plc_notes' }
		});
		expect(byCoach.status).toBe(403);
		const agenda = await ana.client.json<{ id: string; title: string }>(`/api/v1/plcs/${plcId}/documents`, {
			method: 'POST',
			body: { kind: 'plc_notes', template: 'plc_agenda' }
		});
		expect(agenda.status).toBe(201);
		expect(agenda.body.title).toBe('Agenda');
		agendaId = agenda.body.id;
		const protocol = await ben.client.json<{ id: string }>(`/api/v1/plcs/${plcId}/documents`, {
			method: 'POST',
			body: { kind: 'protocol', title: 'Tuning protocol' }
		});
		const reader = await connectSynced(server.wsUrl, protocol.body.id, ana.client.cookieHeader);
		try {
			expect(readProtocol(reader.doc).phases.map((p) => p.minutes)).toEqual([10, 5, 15, 10]);
		} finally {
			reader.destroy();
		}
		for (const who of [outsider, coach, stranger]) {
			expect((await who.client.json(`/api/v1/documents/${agendaId}`)).status).toBe(404);
			const socket = connectClient({
				wsUrl: server.wsUrl,
				documentId: agendaId,
				cookie: who.client.cookieHeader
			});
			try {
				await expect(socket.authenticated).rejects.toThrow();
				expect(await socket.nextClose()).toBe(4403);
			} finally {
				socket.destroy();
			}
		}
	});

	it('lets members co-edit live and shows who is in which document', async () => {
		const a = await connectSynced(server.wsUrl, agendaId, ana.client.cookieHeader);
		const b = await connectSynced(server.wsUrl, agendaId, ben.client.cookieHeader);
		try {
			const line = new Y.XmlElement('paragraph');
			line.insert(0, [new Y.XmlText('Look at exit tickets together')]);
			a.doc.getXmlFragment('body').push([line]);
			await a.allSaved();
			await waitFor(() => b.doc.getXmlFragment('body').toString().includes('exit tickets'), 5000, 'the edit');
			const presence = await ben.client.json<{ documents: { id: string; people: { name: string }[] }[] }>(
				`/api/v1/plcs/${plcId}/presence`
			);
			const here = presence.body.documents
				.find((d) => d.id === agendaId)
				?.people.map((p) => p.name)
				.sort();
			expect(here).toEqual(['Ana Alvarez', 'Ben Brooks']);
			expect((await outsider.client.json(`/api/v1/plcs/${plcId}/presence`)).status).toBe(404);
			expect((await coach.client.json(`/api/v1/plcs/${plcId}/presence`)).status).toBe(403);
		} finally {
			a.destroy();
			b.destroy();
		}
	});

	it('closes a removed member out of the group’s documents within 1 s', async () => {
		const open = await connectSynced(server.wsUrl, agendaId, ana.client.cookieHeader);
		const closed = open.nextClose(1000);
		const byMember = await ana.client.json(`/api/v1/plcs/${plcId}/members`, {
			method: 'PUT',
			body: { memberIds: [] }
		});
		expect(byMember.status).toBe(403);
		const withoutFacilitator = await coach.client.json(`/api/v1/plcs/${plcId}/members`, {
			method: 'PUT',
			body: { memberIds: [ana.user.id] }
		});
		expect(withoutFacilitator.status).toBe(400);
		const saved = await coach.client.json<PlcBody>(`/api/v1/plcs/${plcId}/members`, {
			method: 'PUT',
			body: { memberIds: [ben.user.id, outsider.user.id] }
		});
		expect(saved.status).toBe(200);
		expect(await closed).toBe(4205);
		open.destroy();
		expect((await ana.client.json(`/api/v1/documents/${agendaId}`)).status).toBe(404);
		expect((await outsider.client.json(`/api/v1/documents/${agendaId}`)).status).toBe(200);
	});

	it('answers the server’s time', async () => {
		const before = Date.now();
		const time = await ana.client.json<{ now: number }>('/api/v1/time');
		expect(time.body.now).toBeGreaterThanOrEqual(before - 1000);
		expect(time.body.now).toBeLessThanOrEqual(Date.now() + 1000);
	});
});
