// Issue 6: who may do what, proven on a running server as one table: roles × resources × channels, each
// expectation read from a hand-written oracle. A refusal to someone who may not see the resource must
// look exactly like a resource that does not exist; on the socket, both are 4403 (4401 when signed out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { HttpClient, inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROLES = [
	'cycleCoach',
	'cycleTeacher',
	'otherTeacher',
	'otherCoach',
	'plcMember',
	'admin',
	'otherWorkspaceAdmin',
	'anonymous',
	'deactivated',
	// Coached a cycle until an admin took the coach role away (issue 13): nothing of it is theirs now.
	'demotedCoach'
] as const;
type Role = (typeof ROLES)[number];

const RESOURCES = [
	'goal',
	'lessonPlan',
	'observation',
	'meetingNotes',
	'plcDocument',
	'release',
	'demotedCycleGoal'
] as const;
type ResourceName = (typeof RESOURCES)[number];

const CHANNELS = [
	'page',
	'form',
	'apiRead',
	'apiWrite',
	'apiVersions',
	'socketRead',
	'socketWrite',
	'exportMarkdown',
	'exportJson',
	'ledger'
] as const;
type Channel = (typeof CHANNELS)[number];

/** Everything an editor of a document does; only the ledger is the teacher's alone. */
const EDITOR: Channel[] = CHANNELS.filter((channel) => channel !== 'ledger');

// ── The oracle, by hand ─────────────────────────────────────────────────────────────────────────────
// Cycle documents: the cycle's coach and teacher do everything; only the teacher reads the ledger.
// Nobody else — admins included — gets anything (docs/design.md §4).
const cycleDocument: Partial<Record<Role, Channel[]>> = {
	cycleCoach: EDITOR,
	cycleTeacher: [...CHANNELS]
};
const oracle: Record<ResourceName, Partial<Record<Role, Channel[]>>> = {
	goal: cycleDocument,
	lessonPlan: cycleDocument,
	observation: cycleDocument,
	meetingNotes: cycleDocument,
	// PLC documents: the group's members (here the PLC member and the other coach) do everything but the
	// ledger, which only cycle documents keep.
	plcDocument: {
		plcMember: [
			'page',
			'form',
			'apiRead',
			'apiWrite',
			'apiVersions',
			'socketRead',
			'socketWrite',
			'exportMarkdown',
			'exportJson'
		],
		otherCoach: [
			'page',
			'form',
			'apiRead',
			'apiWrite',
			'apiVersions',
			'socketRead',
			'socketWrite',
			'exportMarkdown',
			'exportJson'
		]
	},
	// The teacher's release of the goal to the admin: frozen, read over the web and the API by its named
	// reader and by the teacher; only the teacher revokes it (the form). It has no socket and no versions.
	release: {
		cycleTeacher: ['page', 'form', 'apiRead', 'exportMarkdown', 'exportJson'],
		admin: ['page', 'apiRead', 'exportMarkdown', 'exportJson']
	},
	// The goal of a cycle whose coach lost the coach role: its teacher (here the other teacher) alone.
	demotedCycleGoal: { otherTeacher: [...CHANNELS] }
};

interface Case {
	role: Role;
	resource: ResourceName;
	channel: Channel;
	allowed: boolean;
}

const cases: Case[] = RESOURCES.flatMap((resource) =>
	CHANNELS.flatMap((channel) =>
		ROLES.map((role) => ({
			role,
			resource,
			channel,
			allowed: oracle[resource][role]?.includes(channel) ?? false
		}))
	)
);
// The release's revocation (its form) changes what comes after: the teacher's own attempt runs last.
const ordered = [
	...cases.filter((c) => !(c.resource === 'release' && c.channel === 'form' && c.role === 'cycleTeacher')),
	...cases.filter((c) => c.resource === 'release' && c.channel === 'form' && c.role === 'cycleTeacher')
];

interface World {
	people: Record<Exclude<Role, 'anonymous'>, SignedUp>;
	ids: Record<ResourceName, string>;
	/** The release that the form channel revokes, so that reading the other one stays possible. */
	revocableReleaseId: string;
	cycleId: string;
	plcId: string;
}

async function json<T>(
	who: SignedUp,
	path: string,
	body?: unknown,
	method = body === undefined ? 'GET' : 'POST'
) {
	const response = await who.client.json<T>(path, { method, body });
	if (response.status >= 300)
		throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
	return response.body;
}

async function buildWorld(url: string): Promise<World> {
	const founder = await signUp(url, { name: 'Fran Founder', workspace: 'Riverside Elementary' });
	const cycleCoach = await inviteAndJoin(founder, ['coach'], 'Casey Coach');
	const cycleTeacher = await inviteAndJoin(founder, ['teacher'], 'Taylor Teacher');
	const otherTeacher = await inviteAndJoin(founder, ['teacher'], 'Olive Other');
	const otherCoach = await inviteAndJoin(founder, ['coach'], 'Omar Othercoach');
	const plcMember = await inviteAndJoin(founder, ['teacher'], 'Pia Plc');
	const admin = await inviteAndJoin(founder, ['admin'], 'Pat Principal');
	const deactivated = await inviteAndJoin(founder, ['teacher'], 'Dee Deactivated');
	const demotedCoach = await inviteAndJoin(founder, ['coach', 'teacher'], 'Dora Demoted');
	const otherWorkspaceAdmin = await signUp(url, { name: 'Hal Hillside', workspace: 'Hillside Middle' });
	const workspaceId = founder.workspaceId as string;

	const cycle = await json<{ id: string; documents: { id: string; kind: string }[] }>(
		cycleCoach,
		`/api/v1/workspaces/${workspaceId}/cycles`,
		{ teacherId: cycleTeacher.user.id, title: 'Student discourse' }
	);
	const goal = cycle.documents.find((d) => d.kind === 'goal')?.id as string;
	const lessonPlan = (
		await json<{ id: string }>(cycleTeacher, `/api/v1/cycles/${cycle.id}/documents`, { kind: 'lesson_plan' })
	).id;
	const observation = (
		await json<{ id: string }>(cycleCoach, `/api/v1/documents/${lessonPlan}/observations`, {})
	).id;
	const meetingNotes = (
		await json<{ id: string }>(cycleCoach, `/api/v1/cycles/${cycle.id}/documents`, {
			kind: 'meeting',
			template: 'debrief'
		})
	).id;
	const plc = await json<{ id: string }>(founder, `/api/v1/workspaces/${workspaceId}/plcs`, {
		name: '4th grade math',
		memberIds: [plcMember.user.id, otherCoach.user.id, deactivated.user.id],
		facilitatorId: plcMember.user.id
	});
	const plcDocument = (
		await json<{ id: string }>(plcMember, `/api/v1/plcs/${plc.id}/documents`, {
			kind: 'plc_notes',
			title: 'Agenda'
		})
	).id;
	// The deactivated member was a reader of the goal and of a release, and is in the group.
	await json(cycleTeacher, `/api/v1/documents/${goal}/shares`, {
		userId: deactivated.user.id,
		access: 'read'
	});
	const release = (
		await json<{ id: string }>(cycleTeacher, `/api/v1/releases`, {
			documentIds: [goal],
			recipientId: admin.user.id
		})
	).id;
	const revocable = (
		await json<{ id: string }>(cycleTeacher, `/api/v1/releases`, {
			documentIds: [goal],
			recipientId: admin.user.id
		})
	).id;
	const off = await founder.client.postForm('/members?/deactivate', { userId: deactivated.user.id });
	if (off.status >= 400) throw new Error(`deactivate: ${off.status}`);
	const demotedCycle = await json<{ id: string; documents: { id: string; kind: string }[] }>(
		demotedCoach,
		`/api/v1/workspaces/${workspaceId}/cycles`,
		{ teacherId: otherTeacher.user.id, title: 'Small groups' }
	);
	const demotedCycleGoal = demotedCycle.documents.find((d) => d.kind === 'goal')?.id as string;
	const demoted = await founder.client.postForm('/members?/roles', {
		userId: demotedCoach.user.id,
		roles: 'teacher'
	});
	if (demoted.status >= 400) throw new Error(`roles: ${demoted.status}`);

	return {
		people: {
			cycleCoach,
			cycleTeacher,
			otherTeacher,
			otherCoach,
			plcMember,
			admin,
			otherWorkspaceAdmin,
			deactivated,
			demotedCoach
		},
		ids: { goal, lessonPlan, observation, meetingNotes, plcDocument, release, demotedCycleGoal },
		revocableReleaseId: revocable,
		cycleId: cycle.id,
		plcId: plc.id
	};
}

interface Outcome {
	allowed: boolean;
	/** What the refusal looked like, to compare with a resource that does not exist. */
	shape: string;
}

/** One access through one channel. `id` may be a resource that does not exist. */
async function attempt(
	server: TestServer,
	client: HttpClient,
	resource: ResourceName,
	channel: Channel,
	id: string
): Promise<Outcome> {
	const isRelease = resource === 'release';
	const http = async (path: string, init: { method?: string; body?: unknown; html?: boolean } = {}) => {
		const response = init.html
			? await client.request(path, { method: init.method ?? 'GET', headers: { accept: 'text/html' } })
			: await client.request(path, {
					method: init.method ?? 'GET',
					body: init.body === undefined ? undefined : JSON.stringify(init.body),
					headers: { 'content-type': 'application/json' }
				});
		const text = await response.text();
		// A redirect to log in names the page asked for; the rest must match byte for byte.
		const location = (response.headers.get('location') ?? '').replace(id, '<id>');
		return {
			status: response.status,
			shape: `${response.status} ${location} ${text.replaceAll(id, '<id>')}`
		};
	};
	const form = async (path: string, fields: Record<string, string>) => {
		const response = await client.postForm(path, fields);
		const location = (response.headers.get('location') ?? '').replace(id, '<id>');
		return { status: response.status, shape: `${response.status} ${location}` };
	};
	switch (channel) {
		case 'page': {
			const r = await http(isRelease ? `/releases/${id}` : `/documents/${id}`, { html: true });
			return { allowed: r.status === 200, shape: r.status === 200 ? 'ok' : `${r.status}` };
		}
		case 'form': {
			const r = isRelease
				? await form('/releases?/revoke', { releaseId: id })
				: await form('/documents?/rename', { documentId: id, title: 'Renamed through the form' });
			return {
				allowed: r.status === 200 || (r.status === 303 && !r.shape.includes('/login')),
				shape: r.shape
			};
		}
		case 'apiRead': {
			const r = await http(isRelease ? `/api/v1/releases/${id}` : `/api/v1/documents/${id}`);
			return { allowed: r.status === 200, shape: r.shape };
		}
		case 'apiWrite': {
			const r = await http(isRelease ? `/api/v1/releases/${id}` : `/api/v1/documents/${id}`, {
				method: 'PATCH',
				body: { title: 'Renamed through the API' }
			});
			return { allowed: r.status === 200, shape: r.shape };
		}
		case 'apiVersions': {
			const r = await http(
				isRelease ? `/api/v1/releases/${id}/versions` : `/api/v1/documents/${id}/versions`
			);
			return { allowed: r.status === 200, shape: r.shape };
		}
		case 'exportMarkdown':
		case 'exportJson': {
			const format = channel === 'exportJson' ? 'json' : 'md';
			const r = await http(
				isRelease
					? `/api/v1/releases/${id}?format=${format}`
					: `/api/v1/documents/${id}/export?format=${format}`
			);
			return { allowed: r.status === 200, shape: r.shape };
		}
		case 'ledger': {
			const r = await http(isRelease ? `/api/v1/releases/${id}/ledger` : `/api/v1/documents/${id}/ledger`);
			return { allowed: r.status === 200, shape: r.shape };
		}
		case 'socketRead':
		case 'socketWrite':
			return socketAttempt(server, client.cookieHeader, id, channel === 'socketWrite');
	}
}

async function socketAttempt(
	server: TestServer,
	cookie: string,
	documentId: string,
	write: boolean
): Promise<Outcome> {
	const socket = connectClient({ wsUrl: server.wsUrl, documentId, cookie });
	try {
		const closed = socket.nextClose(10_000);
		closed.catch(() => {});
		// A refusal arrives as "authentication failed" and then the close code; wait for the code.
		const result = await Promise.race([socket.authenticated.then(() => 'open' as const), closed]).catch(
			() => closed
		);
		if (result !== 'open') return { allowed: false, shape: `close ${result}` };
		await waitFor(() => socket.provider.isSynced, 10_000, 'sync');
		if (!write) return { allowed: true, shape: 'ok' };
		socket.doc.getMap('matrix').set(`write-${Math.random()}`, true);
		await socket.allSaved(10_000);
		return { allowed: true, shape: 'ok' };
	} finally {
		socket.destroy();
	}
}

describe.each(backends)('authorization matrix on a running server (%s)', (backend) => {
	let server: TestServer;
	let world: World;
	beforeAll(async () => {
		server = await startTestServer(backend);
		world = await buildWorld(server.url);
	}, 120_000);
	afterAll(async () => {
		await server?.dispose();
	});

	it(`has ${cases.length} cases from the hand-written oracle`, () => {
		expect(cases.length).toBeGreaterThanOrEqual(500);
		expect(cases.filter((c) => c.allowed).length).toBeGreaterThan(50);
	});

	it('matches the oracle for every role, resource and channel, and refusals look like missing resources', async () => {
		const mismatches: string[] = [];
		const missingShapes = new Map<string, string>();
		for (const c of ordered) {
			const client = c.role === 'anonymous' ? new HttpClient(server.url) : world.people[c.role].client;
			const id =
				c.resource === 'release' && c.channel === 'form' ? world.revocableReleaseId : world.ids[c.resource];
			const outcome = await attempt(server, client, c.resource, c.channel, id);
			if (outcome.allowed !== c.allowed) {
				mismatches.push(
					`${c.role} ${c.channel} ${c.resource}: expected ${c.allowed ? 'allowed' : 'denied'}, got ${outcome.shape.slice(0, 120)}`
				);
				continue;
			}
			if (c.allowed) continue;
			// Someone who may see the resource at all may be told "forbidden"; nobody else learns it exists.
			const seesIt = (oracle[c.resource][c.role]?.length ?? 0) > 0;
			if (seesIt) continue;
			const key = `${c.role} ${c.resource === 'release' ? 'release' : 'document'} ${c.channel}`;
			if (!missingShapes.has(key)) {
				const missing = await attempt(server, client, c.resource, c.channel, crypto.randomUUID());
				missingShapes.set(key, missing.shape);
			}
			if (missingShapes.get(key) !== outcome.shape)
				mismatches.push(
					`${c.role} ${c.channel} ${c.resource}: refusal differs from a missing resource: ${outcome.shape.slice(0, 80)} vs ${missingShapes.get(key)?.slice(0, 80)}`
				);
		}
		expect(mismatches).toEqual([]);
	}, 300_000);

	// Issue 13: who is in a PLC decides who reads its documents, so only its facilitator or an admin
	// changes it. Each person tries to add themselves; runs after the matrix, as the admin's join changes it.
	it('lets only the facilitator or an admin change who is in a PLC, and shows an admin who joined', async () => {
		const expected: Record<Role, number> = {
			cycleCoach: 403,
			cycleTeacher: 404,
			otherTeacher: 404,
			otherCoach: 403,
			plcMember: 200,
			admin: 200,
			otherWorkspaceAdmin: 404,
			anonymous: 401,
			// Signed out everywhere when deactivated.
			deactivated: 401,
			demotedCoach: 404
		};
		const path = `/api/v1/plcs/${world.plcId}/members`;
		const got: Record<string, number> = {};
		for (const role of ROLES) {
			const client = role === 'anonymous' ? new HttpClient(server.url) : world.people[role].client;
			const current = await world.people.plcMember.client.json<{ members: { id: string }[] }>(
				`/api/v1/plcs/${world.plcId}`
			);
			const self = role === 'anonymous' ? [] : [world.people[role].user.id];
			const response = await client.json(path, {
				method: 'PUT',
				// The deactivated member stays listed but cannot be named again.
				body: {
					memberIds: [
						...new Set([
							...current.body.members
								.map((m) => m.id)
								.filter((id) => id !== world.people.deactivated.user.id),
							...self
						])
					]
				}
			});
			got[role] = response.status;
		}
		expect(got).toEqual(expected);
		const seen = await world.people.plcMember.client.json<{
			members: { id: string; selfAdded: boolean }[];
		}>(`/api/v1/plcs/${world.plcId}`);
		expect(seen.body.members.find((m) => m.id === world.people.admin.user.id)?.selfAdded).toBe(true);
	});
});
