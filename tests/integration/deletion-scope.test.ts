// Issue 14, finding 1: a deletion request acts only inside the workspace that files it. A person who belongs
// to two schools keeps, in the other school, every kind of row they have there — membership, cycles and their
// documents, shares, PLC memberships and facilitation, activity participation, releases, feedback, the
// history of what they edited — and their sockets there stay open. Their account stays while it belongs
// somewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/backends.ts';
import { connectSynced, waitFor, type CollabClient } from '../support/collab-client.ts';
import { inspectDatabase } from '../support/database-inspector.ts';
import { buildCoachingCycle, createWorkspaceDocument } from '../support/fixtures.ts';
import { HttpClient, inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The admin of `admin.workspaceId` invites an existing, signed-in person, who accepts as themselves. */
async function joinAsExisting(admin: SignedUp, person: SignedUp, roles: string[]): Promise<void> {
	const invitation = await admin.client.json<{ url: string }>(
		`/api/v1/workspaces/${admin.workspaceId}/invitations`,
		{ method: 'POST', body: { email: person.user.email, roles } }
	);
	if (invitation.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(invitation.body)}`);
	const accepted = await person.client.postForm(new URL(invitation.body.url).pathname, { name: '' });
	if (accepted.status !== 303)
		throw new Error(`accepting failed: ${accepted.status} ${await accepted.text()}`);
}

async function created<T>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> {
	const { status, body } = await response;
	if (status !== 201 && status !== 200) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
	return body;
}

async function type(client: CollabClient, text: string): Promise<void> {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	client.doc.getXmlFragment('body').push([paragraph]);
	await client.allSaved();
}

interface School {
	admin: SignedUp;
	/** Another teacher of the school, with a cycle whose goal they share with the person. */
	colleague: SignedUp;
	colleagueGoalId: string;
	/** The person's own cycle here (they are its teacher). */
	cycleId: string;
	goalId: string;
	plcId: string;
	plcDocumentId: string;
	activityId: string;
	releaseId: string;
	staffNotesId: string;
}

/** Every kind of row the person has in one school. */
async function furnish(admin: SignedUp, person: SignedUp, colleague: SignedUp): Promise<School> {
	const workspaceId = admin.workspaceId as string;
	const cycles = `/api/v1/workspaces/${workspaceId}/cycles`;
	const own = await created(
		admin.client.json<{ id: string; documents: { id: string; kind: string }[] }>(cycles, {
			method: 'POST',
			body: { teacherId: person.user.id, title: 'Discourse', focus: 'Open questions' }
		}),
		'cycle'
	);
	const theirs = await created(
		admin.client.json<{ id: string; documents: { id: string; kind: string }[] }>(cycles, {
			method: 'POST',
			body: { teacherId: colleague.user.id, title: 'Routines', focus: 'Transitions' }
		}),
		'colleague cycle'
	);
	const goalId = own.documents.find((d) => d.kind === 'goal')?.id as string;
	const colleagueGoalId = theirs.documents.find((d) => d.kind === 'goal')?.id as string;
	await created(
		colleague.client.json(`/api/v1/documents/${colleagueGoalId}/shares`, {
			method: 'POST',
			body: { userId: person.user.id, access: 'read' }
		}),
		'share to the person'
	);
	await created(
		person.client.json(`/api/v1/documents/${goalId}/shares`, {
			method: 'POST',
			body: { userId: colleague.user.id, access: 'comment' }
		}),
		'share by the person'
	);
	const plc = await created(
		admin.client.json<{ id: string }>(`/api/v1/workspaces/${workspaceId}/plcs`, {
			method: 'POST',
			body: { name: 'Grade 3 team', memberIds: [colleague.user.id], facilitatorId: person.user.id }
		}),
		'plc'
	);
	const plcDocument = await created(
		person.client.json<{ id: string }>(`/api/v1/plcs/${plc.id}/documents`, {
			method: 'POST',
			body: { kind: 'note', title: 'Agenda' }
		}),
		'plc document'
	);
	// An activity in the colleague's cycle that the person joins.
	const activity = await created(
		admin.client.json<{ id: string }>(`/api/v1/cycles/${theirs.id}/activities`, {
			method: 'POST',
			body: {
				type: 'observation',
				startsAt: new Date(Date.now() + 86_400_000).toISOString(),
				durationMinutes: 30,
				participantIds: [person.user.id]
			}
		}),
		'activity'
	);
	const release = await created(
		person.client.json<{ id: string }>('/api/v1/releases', {
			method: 'POST',
			body: { documentIds: [goalId], recipientId: colleague.user.id }
		}),
		'release'
	);
	const staffNotesId = await createWorkspaceDocument(admin, 'Staff notes');
	return {
		admin,
		colleague,
		colleagueGoalId,
		cycleId: own.id,
		goalId,
		plcId: plc.id,
		plcDocumentId: plcDocument.id,
		activityId: activity.id,
		releaseId: release.id,
		staffNotesId
	};
}

/** How many rows of each kind the person has in one workspace. */
async function rowsIn(
	query: <T>(text: string, params?: unknown[]) => Promise<T[]>,
	workspaceId: string,
	userId: string
): Promise<Record<string, number>> {
	const count = async (text: string) =>
		Number((await query<{ n: number | string }>(text, [workspaceId, userId]))[0]?.n ?? 0);
	return {
		membership: await count(`select count(*) n from memberships where workspace_id = $1 and user_id = $2`),
		cyclesAsTeacher: await count(
			`select count(*) n from coaching_cycles where workspace_id = $1 and teacher_id = $2`
		),
		sharesReceived: await count(
			`select count(*) n from document_shares s join documents d on d.id = s.document_id
			 where d.workspace_id = $1 and s.user_id = $2`
		),
		plcMemberships: await count(
			`select count(*) n from plc_members m join plc_groups g on g.id = m.plc_id
			 where g.workspace_id = $1 and m.user_id = $2`
		),
		plcsFacilitated: await count(
			`select count(*) n from plc_groups where workspace_id = $1 and facilitator_id = $2`
		),
		activityParticipation: await count(
			`select count(*) n from activity_participants p join activities a on a.id = p.activity_id
			 where a.workspace_id = $1 and p.user_id = $2`
		),
		releases: await count(
			`select count(*) n from releases where workspace_id = $1 and (teacher_id = $2 or recipient_id = $2)`
		)
	};
}

describe.each(backends)('a deletion request stays in its workspace (%s)', (backend) => {
	let server: TestServer;
	let person: SignedUp;
	let a: School;
	let b: School;
	beforeAll(async () => {
		server = await startTestServer(backend);
		const adminA = await signUp(server.url, { name: 'Ada Admin', workspace: 'School A' });
		const adminB = await signUp(server.url, { name: 'Bo Admin', workspace: 'School B' });
		person = await inviteAndJoin(adminA, ['teacher'], 'Parker Person');
		await joinAsExisting(adminB, person, ['teacher']);
		const colleagueA = await inviteAndJoin(adminA, ['teacher'], 'Cam Colleague');
		const colleagueB = await inviteAndJoin(adminB, ['teacher'], 'Dee Colleague');
		a = await furnish(adminA, person, colleagueA);
		b = await furnish(adminB, person, colleagueB);
	}, 120_000);
	afterAll(async () => {
		await server?.dispose();
	});

	it('deletes the person’s rows in school A only, closes only school A’s sockets, and keeps the account', async () => {
		// The person edits a document in each school, so each holds history of theirs.
		const sockets: Record<'aStaff' | 'bStaff' | 'bGoal', CollabClient> = {
			aStaff: await connectSynced(server.wsUrl, a.staffNotesId, person.client.cookieHeader),
			bStaff: await connectSynced(server.wsUrl, b.staffNotesId, person.client.cookieHeader),
			bGoal: await connectSynced(server.wsUrl, b.goalId, person.client.cookieHeader)
		};
		try {
			await type(sockets.aStaff, 'A note in school A');
			await type(sockets.bStaff, 'A note in school B');
			const version = await b.admin.client.json(`/api/v1/documents/${b.staffNotesId}/versions`, {
				method: 'POST',
				body: { name: 'before the request' }
			});
			expect(version.status).toBe(201);

			const receipt = await a.admin.client.json(
				`/api/v1/workspaces/${a.admin.workspaceId}/deletion-requests`,
				{ method: 'POST', body: { userId: person.user.id } }
			);
			expect(receipt.status).toBe(201);

			// School A's socket closes; school B's stay open and go on saving.
			// (It may close before the receipt arrives: the first close is the one that counts.)
			await waitFor(() => sockets.aStaff.closes.length > 0, 5_000, 'school A’s socket to close');
			expect(sockets.aStaff.closes[0]).toBe(4205);
			await type(sockets.bGoal, 'Still working in school B');
			await type(sockets.bStaff, 'And in the staff notes');
			expect(sockets.bGoal.closes).toEqual([]);
			expect(sockets.bStaff.closes).toEqual([]);
		} finally {
			for (const socket of Object.values(sockets)) socket.destroy();
		}

		// The account lives on, signed in, and belongs to school B only.
		const me = await person.client.json<{ user: { name: string }; workspaces: { id: string }[] }>(
			'/api/v1/me'
		);
		expect(me.status).toBe(200);
		expect(me.body.user.name).toBe('Parker Person');
		expect(me.body.workspaces.map((w) => w.id)).toEqual([b.admin.workspaceId]);
		// What school B's people see is unchanged.
		expect((await b.colleague.client.json(`/api/v1/documents/${b.goalId}`)).status).toBe(200);
		expect((await person.client.json(`/api/v1/documents/${b.colleagueGoalId}`)).status).toBe(200);
		expect((await person.client.json(`/api/v1/releases/${b.releaseId}`)).status).not.toBe(404);
		// The history of what they edited in school B is not rewritten.
		const versions = await b.admin.client.json<{ versions: unknown[] }>(
			`/api/v1/documents/${b.staffNotesId}/versions`
		);
		expect(versions.body.versions.length).toBeGreaterThanOrEqual(1);
		// School A's are gone.
		expect((await a.admin.client.json(`/api/v1/documents/${a.goalId}`)).status).toBe(404);

		const inspector = await inspectDatabase(server);
		try {
			const inA = await rowsIn(inspector.query, a.admin.workspaceId as string, person.user.id);
			const inB = await rowsIn(inspector.query, b.admin.workspaceId as string, person.user.id);
			expect(inA).toEqual({
				membership: 0,
				cyclesAsTeacher: 0,
				sharesReceived: 0,
				plcMemberships: 0,
				plcsFacilitated: 0,
				activityParticipation: 0,
				releases: 0
			});
			expect(inB).toEqual({
				membership: 1,
				cyclesAsTeacher: 1,
				sharesReceived: 1,
				plcMemberships: 1,
				plcsFacilitated: 1,
				activityParticipation: 1,
				releases: 1
			});
			const account = await inspector.query<{ sessions: number | string; email: string }>(
				`select u.email, (select count(*) from sessions s where s.user_id = u.id) sessions
				 from users u where u.id = $1`,
				[person.user.id]
			);
			expect(account[0]?.email).toBe(person.user.email);
			expect(Number(account[0]?.sessions)).toBeGreaterThan(0);
		} finally {
			await inspector.close();
			if (backend === 'pglite') await server.restart();
		}
	}, 120_000);

	it('empties the account when the person belonged to that school only', async () => {
		const setup = await buildCoachingCycle(server.url);
		const token = await created(
			setup.teacher.client.json<{ token: string }>('/api/v1/tokens', {
				method: 'POST',
				body: { name: 'Laptop' }
			}),
			'token'
		);
		const receipt = await setup.adminCoach.client.json(
			`/api/v1/workspaces/${setup.adminCoach.workspaceId}/deletion-requests`,
			{ method: 'POST', body: { userId: setup.teacher.user.id } }
		);
		expect(receipt.status).toBe(201);
		expect((await setup.teacher.client.json('/api/v1/me')).status).toBe(401);
		const bearer = new HttpClient(server.url);
		expect(
			(await bearer.json('/api/v1/me', { headers: { authorization: `Bearer ${token.token}` } })).status
		).toBe(401);
	}, 60_000);
});
