// Issue 6, on real servers: the access ledger for every channel, released snapshots that stay frozen, and
// deletion that leaves a canary word in no table. The ledger itself refuses to be rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/backends.ts';
import { connectSynced } from '../support/collab-client.ts';
import { findText, inspectDatabase } from '../support/database-inspector.ts';
import { buildCoachingCycle, createWorkspaceDocument, type CoachingSetup } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface LedgerEntry {
	actorId: string | null;
	actorName: string;
	action: string;
	channel: string;
	decision: string;
	at: string;
}

async function write(server: TestServer, documentId: string, cookie: string, text: string): Promise<void> {
	const client = await connectSynced(server.wsUrl, documentId, cookie);
	try {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		client.doc.getXmlFragment('body').push([paragraph]);
		await client.allSaved();
	} finally {
		client.destroy();
	}
}

describe.each(backends)('access ledger, releases and deletion (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const ledger = async () =>
		// docs/design.md §6: the ledger answers a plain array of entries.
		(await setup.teacher.client.json<LedgerEntry[]>(`/api/v1/documents/${setup.goalId}/ledger`)).body;

	it('writes a ledger row for each channel a shared reader uses, and for every refusal', async () => {
		const shared = await setup.teacher.client.json(`/api/v1/documents/${setup.goalId}/shares`, {
			method: 'POST',
			body: { userId: setup.principal.user.id, access: 'read' }
		});
		expect(shared.status).toBe(201);
		// The pair's own reads are not "others" reading.
		expect((await setup.adminCoach.client.json(`/api/v1/documents/${setup.goalId}`)).status).toBe(200);

		const page = await setup.principal.client.request(`/documents/${setup.goalId}`, {
			headers: { accept: 'text/html' }
		});
		expect(page.status).toBe(200);
		expect((await setup.principal.client.json(`/api/v1/documents/${setup.goalId}`)).status).toBe(200);
		const exported = await setup.principal.client.request(
			`/api/v1/documents/${setup.goalId}/export?format=md`
		);
		expect(exported.status).toBe(200);
		expect(await exported.text()).toContain('# Goal: Student discourse');
		const socket = await connectSynced(server.wsUrl, setup.goalId, setup.principal.client.cookieHeader);
		socket.destroy();
		expect((await setup.otherTeacher.client.json(`/api/v1/documents/${setup.goalId}`)).status).toBe(404);

		const entries = await ledger();
		const principalReads = entries
			.filter((e) => e.actorId === setup.principal.user.id && e.decision === 'allowed')
			.map((e) => `${e.action}/${e.channel}`);
		expect(principalReads).toEqual(['read/page', 'read/api', 'export/export', 'read/socket']);
		expect(entries.find((e) => e.action === 'share')).toMatchObject({
			actorId: setup.teacher.user.id,
			channel: 'api'
		});
		expect(entries.find((e) => e.decision === 'denied')).toMatchObject({
			actorId: setup.otherTeacher.user.id,
			action: 'read',
			channel: 'api'
		});
		expect(entries.some((e) => e.actorId === setup.adminCoach.user.id)).toBe(false);
		// The ledger is the teacher's: the coach and the reader may not see it.
		expect((await setup.adminCoach.client.json(`/api/v1/documents/${setup.goalId}/ledger`)).status).toBe(403);
		expect((await setup.principal.client.json(`/api/v1/documents/${setup.goalId}/ledger`)).status).toBe(403);
	});

	it('freezes a released snapshot while the live document goes on, and ends access on revocation', async () => {
		await write(server, setup.goalId, setup.teacher.client.cookieHeader, 'Before the release.');
		const byCoach = await setup.adminCoach.client.json(`/api/v1/releases`, {
			method: 'POST',
			body: { documentIds: [setup.goalId], recipientId: setup.principal.user.id }
		});
		expect(byCoach.status).toBe(403);
		const released = await setup.teacher.client.json<{ id: string }>(`/api/v1/releases`, {
			method: 'POST',
			body: { documentIds: [setup.goalId], recipientId: setup.principal.user.id, note: 'My goal so far' }
		});
		expect(released.status).toBe(201);
		await write(server, setup.goalId, setup.teacher.client.cookieHeader, 'After the release.');

		const view = await setup.principal.client.json<{ documents: { markdown: string }[]; note: string }>(
			`/api/v1/releases/${released.body.id}`
		);
		expect(view.status).toBe(200);
		expect(view.body.note).toBe('My goal so far');
		expect(view.body.documents[0]?.markdown).toContain('Before the release.');
		expect(view.body.documents[0]?.markdown).not.toContain('After the release.');
		expect((await setup.otherTeacher.client.json(`/api/v1/releases/${released.body.id}`)).status).toBe(404);

		const revoke = await setup.teacher.client.request(`/api/v1/releases/${released.body.id}`, {
			method: 'DELETE'
		});
		expect(revoke.status).toBe(204);
		expect((await setup.principal.client.json(`/api/v1/releases/${released.body.id}`)).status).toBe(404);
		const actions = (await ledger()).map((e) => `${e.action}/${e.channel}/${e.decision}`);
		expect(actions).toEqual(
			expect.arrayContaining([
				'release/api/allowed',
				'read/api/allowed',
				'release_revoke/api/allowed',
				'read/api/denied'
			])
		);
	});

	it('deletes a document so that a canary word is left in no table, and closes its sockets', async () => {
		const canary = `canary${Math.random().toString(36).slice(2, 10)}`;
		const plan = await setup.teacher.client.json<{ id: string }>(
			`/api/v1/cycles/${setup.cycleId}/documents`,
			{
				method: 'POST',
				body: { kind: 'lesson_plan', title: `Plan ${canary}` }
			}
		);
		await write(server, plan.body.id, setup.teacher.client.cookieHeader, `Private note ${canary}`);
		// Search has the word (derived at the store that follows the edit) before the document is deleted.
		const searchFor = () =>
			setup.teacher.client.json<{ total: number }>(
				`/api/v1/search?workspaceId=${setup.teacher.workspaceId}&q=${canary}`
			);
		for (let tries = 0; (await searchFor()).body.total === 0; tries++) {
			if (tries > 100) throw new Error('the note was never indexed for search');
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		expect(
			(
				await setup.teacher.client.json(`/api/v1/documents/${plan.body.id}/versions`, {
					method: 'POST',
					body: { name: `v ${canary}` }
				})
			).status
		).toBe(201);
		await setup.teacher.client.json(`/api/v1/documents/${plan.body.id}/shares`, {
			method: 'POST',
			body: { userId: setup.principal.user.id, access: 'read' }
		});
		const release = await setup.teacher.client.json<{ id: string }>(`/api/v1/releases`, {
			method: 'POST',
			body: { documentIds: [plan.body.id], recipientId: setup.principal.user.id }
		});
		expect(release.status).toBe(201);
		const reader = await connectSynced(server.wsUrl, plan.body.id, setup.principal.client.cookieHeader);
		const closed = reader.nextClose(5_000);

		expect(
			(await setup.adminCoach.client.json(`/api/v1/documents/${plan.body.id}`, { method: 'DELETE' })).status
		).toBe(403);
		const deleted = await setup.teacher.client.json<{ id: string; documentsDeleted: number }>(
			`/api/v1/documents/${plan.body.id}`,
			{ method: 'DELETE' }
		);
		expect(deleted.status).toBe(200);
		expect(deleted.body.documentsDeleted).toBe(1);
		expect(await closed).toBe(4403);
		reader.destroy();
		expect((await setup.teacher.client.json(`/api/v1/documents/${plan.body.id}`)).status).toBe(404);
		expect((await searchFor()).body.total).toBe(0);
		expect((await setup.principal.client.json(`/api/v1/releases/${release.body.id}`)).body).toMatchObject({
			documents: []
		});
		const purge = await setup.principal.client.json<{ purge: string[] }>('/api/v1/me/offline-check', {
			method: 'POST',
			body: { documentIds: [plan.body.id, setup.goalId] }
		});
		expect(purge.body.purge).toEqual([plan.body.id]);

		const inspector = await inspectDatabase(server);
		try {
			expect(await findText(inspector, canary)).toEqual([]);
			// The search does see what is there, in text and in Yjs bytes alike.
			expect(await findText(inspector, 'Student discourse')).toContain('coaching_cycles.title');
			expect((await findText(inspector, 'Before the release.')).join()).toMatch(
				/document_(snapshots\.state|updates\.update)/
			);
			const [receipt] = await inspector.query<{ subject_id: string }>(
				`select subject_id from deletion_records where id = $1`,
				[deleted.body.id]
			);
			expect(receipt?.subject_id).toBe(plan.body.id);
			// The ledger survives and refuses to be rewritten, even by the application's own connection.
			await expect(inspector.query(`update audit_log set action = 'nothing'`)).rejects.toThrow(/append-only/);
			await expect(inspector.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
			const [rows] = await inspector.query<{ n: number | string }>(`select count(*) as n from audit_log`);
			expect(Number(rows?.n)).toBeGreaterThan(0);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
	});

	it('runs a district deletion request for a person, rewriting the history of what they edited', async () => {
		const canary = `gone${Math.random().toString(36).slice(2, 10)}`;
		const staffNotes = await createWorkspaceDocument(setup.adminCoach, 'Staff notes');
		await write(server, staffNotes, setup.adminCoach.client.cookieHeader, 'Agenda for Monday');
		// The teacher types a sentence into the shared notes, then removes it: only history holds it now.
		const teacher = await connectSynced(server.wsUrl, staffNotes, setup.teacher.client.cookieHeader);
		try {
			const body = teacher.doc.getXmlFragment('body');
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(`Aside ${canary}`)]);
			body.push([paragraph]);
			await teacher.allSaved();
			expect(
				(
					await setup.adminCoach.client.json(`/api/v1/documents/${staffNotes}/versions`, {
						method: 'POST',
						body: { name: 'with the aside' }
					})
				).status
			).toBe(201);
			body.delete(body.length - 1, 1);
			await teacher.allSaved();
		} finally {
			teacher.destroy();
		}
		const watcher = await connectSynced(server.wsUrl, staffNotes, setup.adminCoach.client.cookieHeader);

		const byTeacher = await setup.teacher.client.json(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/deletion-requests`,
			{ method: 'POST', body: { userId: setup.adminCoach.user.id } }
		);
		expect(byTeacher.status).toBe(403);
		const receipt = await setup.adminCoach.client.json<{
			documentsDeleted: number;
			documentsRewritten: number;
			at: string;
		}>(`/api/v1/workspaces/${setup.adminCoach.workspaceId}/deletion-requests`, {
			method: 'POST',
			body: { userId: setup.teacher.user.id }
		});
		expect(receipt.status).toBe(201);
		// Their cycle's documents (the goal) are gone; the staff notes stay, without their history.
		expect(receipt.body.documentsDeleted).toBeGreaterThanOrEqual(1);
		expect(receipt.body.documentsRewritten).toBeGreaterThanOrEqual(1);
		// The rewrite closes the watcher's socket before the receipt is answered (the media sweep runs after
		// it), so the close may already have come.
		expect(watcher.closes.at(-1) ?? (await watcher.nextClose(5_000))).toBe(4205);
		watcher.destroy();
		expect((await setup.teacher.client.json('/api/v1/me')).status).toBe(401);
		expect((await setup.adminCoach.client.json(`/api/v1/documents/${setup.goalId}`)).status).toBe(404);
		const versions = await setup.adminCoach.client.json<{ versions: { createdAt: string }[] }>(
			`/api/v1/documents/${staffNotes}/versions`
		);
		// The old versions are gone; an automatic one may follow the rewrite, made from the rewritten text.
		expect(versions.body.versions.filter((v) => v.createdAt < receipt.body.at)).toEqual([]);

		const reader = await connectSynced(server.wsUrl, staffNotes, setup.adminCoach.client.cookieHeader);
		try {
			expect(reader.doc.getXmlFragment('body').toString()).toContain('Agenda for Monday');
		} finally {
			reader.destroy();
		}
		const inspector = await inspectDatabase(server);
		try {
			expect(await findText(inspector, canary)).toEqual([]);
			expect(await findText(inspector, 'Taylor Teacher')).toEqual([]);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
	});
});
