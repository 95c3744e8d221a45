// Property: nothing a client can send makes the server answer 500. Every endpoint of the README's API table
// (read from the README itself, so a new row is covered the day it is written) gets random JSON bodies,
// bodies shaped like its own with hostile strings in every field, random strings in its path params and
// query strings; the login and signup forms get the same. Every API error has the standard shape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Five cases per API endpoint (fewer per form action and page) keep `npm test` fast, about 550 requests
// per backend; PROPERTY_RUNS=200 searches harder.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 5);
const FEWER = Math.max(2, Math.round(RUNS / 2));

interface Endpoint {
	method: string;
	path: string;
}

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');
const METHODS = /^(GET|POST|PUT|PATCH|DELETE)(?:,\s*(?:GET|POST|PUT|PATCH|DELETE))*\s/;

/**
 * The API table's first column, e.g. "`GET, POST /api/v1/releases`, `GET, DELETE /api/v1/releases/:id`" or
 * "`GET /api/v1/documents/:id` and `/versions`, `/shares`" (a bare suffix extends the previous path).
 */
export function endpointsFromReadme(markdown: string): Endpoint[] {
	const endpoints: Endpoint[] = [];
	for (const line of markdown.split('\n')) {
		const cell = /^\|\s*(`[^|]*?(?:\\\|[^|]*?)*)\s*\|/.exec(line)?.[1];
		if (!cell || !cell.includes('/api/v1')) continue;
		let previous: { methods: string[]; path: string } | null = null;
		for (const [, raw] of cell.matchAll(/`([^`]+)`/g)) {
			const code = (raw ?? '').replace(/\\\|/g, '|');
			const methods = METHODS.exec(code);
			if (methods) {
				const list = code
					.slice(0, methods[0].length)
					.split(',')
					.map((m) => m.trim());
				previous = { methods: list, path: code.slice(methods[0].length).trim().split('?')[0] ?? '' };
				for (const method of list) endpoints.push({ method, path: previous.path });
			} else if (code.startsWith('/') && previous) {
				for (const method of previous.methods)
					endpoints.push({ method, path: `${previous.path}${code.split('?')[0]}` });
			}
		}
	}
	return endpoints;
}

// Strings a careless boundary chokes on: NUL and other controls, lone surrogates, bidi and zero-width
// characters, SQL and path tricks, numbers and keywords in string clothing, and very long text.
const HOSTILE = [
	'\u0000',
	'a\u0000b',
	'\u0007\u001b[31m',
	'\ud800',
	'x\udc00y',
	'\u202e\u200b\ufeff',
	'e\u0301',
	"' or 1=1 --",
	'../../etc/passwd',
	'%00',
	'%',
	'null',
	'true',
	'-1',
	'1e309',
	'00000000-0000-0000-0000-000000000000',
	' ',
	'',
	'x'.repeat(10_000)
];
const hostileString = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 12 }) }
);
const anyValue = fc.oneof(
	hostileString,
	fc.jsonValue({ maxDepth: 2 }),
	fc.array(hostileString, { maxLength: 3 }),
	fc.constantFrom(null, true, false, 0, -1, 1.5, 1e300, [], {})
);

/** Every field name an endpoint of ours reads, so a shaped body gets past "send a JSON object". */
const FIELDS = [
	'title',
	'focus',
	'name',
	'note',
	'stage',
	'kind',
	'template',
	'teacherId',
	'coachId',
	'userId',
	'recipientId',
	'documentIds',
	'memberIds',
	'participantIds',
	'facilitatorId',
	'description',
	'access',
	'accept',
	'outcome',
	'finalValue',
	'finalDate',
	'finalNote',
	'type',
	'startsAt',
	'durationMinutes',
	'location',
	'openNotes',
	'startDate',
	'targetDate',
	'archived',
	'text',
	'comment',
	'ratings',
	'toolId',
	'measure',
	'code',
	'date',
	'email',
	'role',
	'roles'
];
const shapedBody = fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 6 });
const randomBody = fc.oneof(
	{ weight: 3, arbitrary: shapedBody },
	{ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 1, arbitrary: fc.constantFrom('{', '[]', '"text"', 'null', '{"title":"\\u0000"}', '\u0000') }
);

/**
 * A valid body with one field replaced by anything, or with hostile text in every string field: random
 * bodies mostly stop at the first bad field, these reach the database with one bad value.
 */
function nearlyValid(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
	const keys = Object.keys(valid);
	return fc.oneof(
		{
			weight: 1,
			arbitrary: fc
				.tuple(fc.constantFrom(...keys), anyValue)
				.map(([key, value]) => ({ ...valid, [key]: value }))
		},
		{
			weight: 2,
			arbitrary: fc
				.constantFrom(...HOSTILE)
				.map((hostile) =>
					Object.fromEntries(
						Object.entries(valid).map(([key, value]) => [
							key,
							typeof value === 'string' ? `${value}${hostile}` : value
						])
					)
				)
		},
		{ weight: 1, arbitrary: fc.constant(valid) }
	);
}

const QUERY_KEYS = [
	'q',
	'teacherId',
	'coachId',
	'stage',
	'status',
	'archived',
	'format',
	'workspaceId',
	'view',
	'toolId'
];
// Capped so the address stays under Node's 16 KB header limit: past it Node itself answers 431, before Tandem.
const query = fc.dictionary(
	fc.constantFrom(...QUERY_KEYS),
	hostileString.map((value) => value.slice(0, 2000)),
	{ maxKeys: 3 }
);

/** Percent-encodes the UTF-8 of a string (a lone surrogate becomes U+FFFD, as a browser sends it). */
const encode = (value: string) =>
	[...Buffer.from(value, 'utf8')]
		.map((byte) =>
			/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
				? String.fromCharCode(byte)
				: `%${byte.toString(16).padStart(2, '0').toUpperCase()}`
		)
		.join('');
// Invalid UTF-8 and stray percent signs, written into the address as they are.
const rawSegment = fc.oneof(
	fc
		.uint8Array({ minLength: 1, maxLength: 6 })
		.map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
	fc.constantFrom('%', '%zz', '%c0%af', '%ed%a0%80', '..', '.', '%2e%2e')
);

interface Scenario {
	params: Record<string, string | null>;
	query: Record<string, string>;
	body: unknown;
}

const scenario = (names: string[], valid: Record<string, unknown> | undefined) =>
	fc.record({
		params: fc.record(
			Object.fromEntries(
				names.map((name) => [
					name,
					fc.oneof(
						{ weight: 4, arbitrary: fc.constant(null) },
						{ weight: 1, arbitrary: hostileString.map(encode) },
						{ weight: 1, arbitrary: rawSegment }
					)
				])
			) as Record<string, fc.Arbitrary<string | null>>
		),
		query,
		body: valid
			? fc.oneof({ weight: 1, arbitrary: randomBody }, { weight: 3, arbitrary: nearlyValid(valid) })
			: randomBody
	});

function expectStandardError(status: number, text: string, where: string) {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new Error(`${where}: ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
	}
	const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
	expect(typeof error?.code, where).toBe('string');
	expect(typeof error?.message, where).toBe('string');
	if (error?.details !== undefined) {
		expect(typeof error.details, where).toBe('object');
		for (const value of Object.values(error.details as object)) expect(typeof value, where).toBe('string');
	}
}

describe('the README API table', () => {
	it('is read as the endpoints the property covers', () => {
		const endpoints = endpointsFromReadme(readFileSync(README, 'utf8'));
		// Each row names at least one; some name several (`GET, POST …`, `… and /versions, /shares`).
		expect(endpoints.length).toBeGreaterThanOrEqual(45);
		expect(endpoints).toContainEqual({ method: 'GET', path: '/api/v1/documents/:id/shares' });
		expect(endpoints).toContainEqual({ method: 'PUT', path: '/api/v1/plcs/:id/members' });
		expect(endpoints).toContainEqual({ method: 'GET', path: '/api/v1/me/action-steps' });
	});
});

describe.each(backends)('no 500 for anything a client sends (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	const real: Record<string, string> = {};
	const endpoints = [
		...endpointsFromReadme(readFileSync(README, 'utf8')),
		{ method: 'GET', path: '/api/v1/tokens' },
		{ method: 'POST', path: '/api/v1/tokens' },
		{ method: 'DELETE', path: '/api/v1/tokens/:id' },
		{ method: 'GET', path: '/api/v1/documents/:id/versions/:versionId' },
		{ method: 'POST', path: '/api/v1/documents/:id/versions/:versionId/restore' },
		{ method: 'PATCH', path: '/api/v1/documents/:id' },
		{ method: 'DELETE', path: '/api/v1/documents/:id/shares/:userId' },
		{ method: 'GET', path: '/api/v1/workspaces/:id/documents' },
		{ method: 'POST', path: '/api/v1/workspaces/:id/documents' },
		{ method: 'POST', path: '/api/v1/workspaces/:id/invitations' }
	];

	beforeAll(async () => {
		server = await startTestServer(backend);
		setup = await buildCoachingCycle(server.url);
		const coach = setup.adminCoach.client;
		const plc = await coach.json<{ id: string }>(`/api/v1/workspaces/${setup.adminCoach.workspaceId}/plcs`, {
			method: 'POST',
			body: { name: 'Grade 4 team', memberIds: [setup.teacher.user.id] }
		});
		const activity = await coach.json<{ id: string }>(`/api/v1/cycles/${setup.cycleId}/activities`, {
			method: 'POST',
			body: { type: 'check_in', startsAt: '2026-03-04T09:30:00Z' }
		});
		const version = await coach.json<{ id: string }>(`/api/v1/documents/${setup.goalId}/versions`, {
			method: 'POST',
			body: { name: 'Start' }
		});
		const release = await setup.teacher.client.json<{ id: string }>('/api/v1/releases', {
			method: 'POST',
			body: { documentIds: [setup.goalId], recipientId: setup.principal.user.id }
		});
		const token = await coach.json<{ id: string }>('/api/v1/tokens', {
			method: 'POST',
			body: { name: 'cli' }
		});
		for (const created of [plc, activity, version, release, token]) expect(created.status).toBe(201);
		Object.assign(real, {
			workspaces: setup.adminCoach.workspaceId,
			cycles: setup.cycleId,
			documents: setup.goalId,
			plcs: plc.body.id,
			activities: activity.body.id,
			releases: release.body.id,
			tokens: token.body.id,
			versionId: version.body.id,
			userId: setup.otherTeacher.user.id
		});
	});
	afterAll(async () => {
		await server?.dispose();
	});

	/** A body each endpoint accepts, built from the ids made in beforeAll (deletion requests have none). */
	function validBodies(): Record<string, Record<string, unknown>> {
		const teacherId = setup.teacher.user.id;
		return {
			'POST /api/v1/workspaces/:id/cycles': {
				teacherId,
				title: 'Questioning',
				focus: 'Wait time',
				startDate: '2026-01-05',
				targetDate: '2026-03-01'
			},
			'PATCH /api/v1/cycles/:id': { title: 'Questioning', focus: 'Wait time', archived: false },
			'POST /api/v1/cycles/:id/stage': { stage: 'learn', note: 'Goal agreed' },
			'POST /api/v1/cycles/:id/request': { accept: true },
			'POST /api/v1/cycles/:id/close': {
				outcome: 'met',
				finalValue: 3,
				finalDate: '2026-03-01',
				finalNote: 'Met',
				note: 'Done'
			},
			'POST /api/v1/cycles/:id/documents': { kind: 'lesson_plan', title: 'Plan', template: 'lesson_plan' },
			'POST /api/v1/cycles/:id/activities': {
				type: 'check_in',
				startsAt: '2026-03-04T09:30:00Z',
				durationMinutes: 15,
				title: 'Check-in',
				location: 'Room 4',
				participantIds: [],
				openNotes: false
			},
			'PATCH /api/v1/activities/:id': { title: 'Check-in', location: 'Room 5', durationMinutes: 20 },
			'POST /api/v1/documents/:id/observation/goal-feed': { toolId: 'tool', measure: 'count' },
			'PATCH /api/v1/documents/:id': { title: 'Goal' },
			'POST /api/v1/documents/:id/versions': { name: 'Before debrief' },
			'POST /api/v1/documents/:id/shares': { userId: setup.otherTeacher.user.id, access: 'read' },
			'POST /api/v1/documents/:id/comments': { text: 'Nice' },
			'POST /api/v1/releases': {
				documentIds: [setup.goalId],
				recipientId: setup.principal.user.id,
				note: 'n'
			},
			'POST /api/v1/me/offline-check': { documentIds: [setup.goalId] },
			'POST /api/v1/workspaces/:id/plcs': {
				name: 'Team',
				memberIds: [teacherId],
				description: 'Grade 4',
				facilitatorId: teacherId
			},
			'PATCH /api/v1/plcs/:id': { name: 'Team', description: 'Grade 4', archived: false },
			'PUT /api/v1/plcs/:id/members': { memberIds: [teacherId] },
			'POST /api/v1/plcs/:id/documents': { kind: 'plc_notes', title: 'Agenda' },
			'POST /api/v1/tokens': { name: 'cli' },
			'POST /api/v1/workspaces/:id/documents': { kind: 'note', title: 'Staff notes' },
			'POST /api/v1/workspaces/:id/invitations': { email: 'new.teacher@school.example', roles: ['teacher'] }
		};
	}

	/** The address with each param either a real id of its kind (null in the scenario) or the random one. */
	function address(endpoint: Endpoint, input: Scenario): string {
		const segments = endpoint.path.split('/');
		const filled = segments.map((segment, index) => {
			if (!segment.startsWith(':')) return segment;
			const name = segment.slice(1);
			const given = input.params[name];
			if (given !== null && given !== undefined) return given;
			return real[name === 'id' ? (segments[index - 1] ?? '') : name] ?? '';
		});
		const search = new URLSearchParams(input.query).toString();
		return `${filled.join('/')}${search ? `?${search}` : ''}`;
	}

	it('answers every endpoint of the API table without a 500, errors in the standard shape', async () => {
		const coach = setup.adminCoach.client;
		let requests = 0;
		for (const endpoint of endpoints) {
			const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
			await fc.assert(
				fc.asyncProperty(
					scenario(names, validBodies()[`${endpoint.method} ${endpoint.path}`]),
					async (input) => {
						const url = address(endpoint, input);
						const withBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
						const response = await coach.request(url, {
							method: endpoint.method,
							headers: { 'content-type': 'application/json' },
							body: withBody
								? typeof input.body === 'string'
									? input.body
									: JSON.stringify(input.body)
								: undefined
						});
						requests += 1;
						const text = await response.text();
						const where = `${endpoint.method} ${url}`;
						expect(response.status, `${where} → ${text.slice(0, 300)}`).toBeLessThan(500);
						if (response.status >= 400) expectStandardError(response.status, text, where);
					}
				),
				{ numRuns: RUNS }
			);
		}
		expect(requests).toBeGreaterThanOrEqual(endpoints.length * RUNS);
	});

	it('answers the login and signup forms without a 500', async () => {
		const hostileFields = (names: string[]) =>
			fc.record(
				Object.fromEntries(names.map((n) => [n, hostileString])) as Record<string, fc.Arbitrary<string>>
			);
		const form = (page: string, names: string[], valid: (n: number) => Record<string, string>) =>
			fc
				.oneof(
					{ weight: 1, arbitrary: hostileFields(names) },
					{
						// A valid form with hostile text in one field: it gets past the other fields' checks.
						weight: 5,
						arbitrary: fc
							.tuple(fc.nat(), fc.constantFrom(...names), fc.constantFrom(...HOSTILE))
							.map(([n, name, hostile]) => {
								const fields = valid(n);
								return { ...fields, [name]: `${fields[name] ?? ''}${hostile}` };
							})
					}
				)
				.map((fields) => ({ page, fields }));
		const visitor = new HttpClient(server.url);
		const email = (n: number) => `form.${process.pid}.${n}@school.example`;
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					form('/login', ['email', 'password', 'next'], (n) => ({
						email: email(n),
						password: 'correct horse battery staple',
						next: '/cycles'
					})),
					form('/signup', ['name', 'email', 'password', 'workspace'], (n) => ({
						name: 'Nia Newcomer',
						email: email(n),
						password: 'correct horse battery staple',
						workspace: 'Hillside'
					}))
				),
				async ({ page, fields }) => {
					const response = await visitor.postForm(page, fields);
					expect(response.status, `${page} ${JSON.stringify(fields).slice(0, 300)}`).toBeLessThan(500);
				}
			),
			{ numRuns: RUNS * 12 }
		);
		// Bodies no browser would send: raw bytes, a wrong content type, invalid percent-encoding.
		for (const raw of ['%', '%zz=1', 'email=%c0%af', '\u0000=\u0000', 'a'.repeat(5000)]) {
			for (const page of ['/login', '/signup']) {
				const response = await visitor.request(page, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
					body: raw
				});
				expect(response.status, `${page} ${raw.slice(0, 40)}`).toBeLessThan(500);
			}
		}
	});

	it('answers the other form actions without a 500', async () => {
		// Every action of every page but those that end the session; ids in the page's address are real.
		const pages: Record<string, string[]> = {
			'/': ['createWorkspace', 'setTimeZone'],
			'/calendar': ['rotateFeed', 'stopFeed'],
			'/cycles': ['start', 'request'],
			[`/cycles/${setup.cycleId}`]: [
				'stage',
				'details',
				'createDocument',
				'schedule',
				'reschedule',
				'cancelActivity',
				'openNotes',
				'run',
				'feedback',
				'accept',
				'decline',
				'archive',
				'unarchive',
				'close'
			],
			'/documents': ['create', 'rename', 'archive', 'restore', 'apply'],
			[`/documents/${setup.goalId}`]: ['share', 'unshare', 'reveal', 'observe', 'delete'],
			'/invite/not-a-token': ['default'],
			'/members': ['invite', 'roles', 'deactivate', 'reactivate', 'deletePerson'],
			'/plcs': ['create'],
			[`/plcs/${real.plcs}`]: ['update', 'members', 'createDocument', 'demonstration', 'archive'],
			'/releases': ['release', 'revoke'],
			'/settings': ['createToken', 'revokeToken'],
			'/workspace': ['switch']
		};
		const fieldNames = [
			...FIELDS,
			'documentId',
			'activityId',
			'tokenId',
			'releaseId',
			'time',
			'timeZone',
			'otherTimeZone',
			'confirmName',
			'workspace',
			'workspaceId',
			'password'
		];
		const fields = fc.dictionary(fc.constantFrom(...fieldNames), hostileString, { minKeys: 1, maxKeys: 3 });
		const coach = setup.adminCoach.client;
		for (const [page, actions] of Object.entries(pages)) {
			for (const action of actions) {
				const target = action === 'default' ? page : `${page}?/${action}`;
				await fc.assert(
					fc.asyncProperty(fields, async (form) => {
						const response = await coach.postForm(target, form);
						expect(response.status, `${target} ${JSON.stringify(form).slice(0, 300)}`).toBeLessThan(500);
					}),
					{ numRuns: FEWER }
				);
			}
		}
	});

	it('answers every page with a hostile id or query string without a 500', async () => {
		const pages = [
			'/',
			'/cycles',
			'/cycles/:id',
			'/documents',
			'/documents/:id',
			'/plcs',
			'/plcs/:id',
			'/releases',
			'/releases/:id',
			'/calendar',
			'/calendar/:id',
			'/coaching-log',
			'/coaching-log/export.csv',
			'/members',
			'/settings',
			'/invite/:id',
			'/login',
			'/signup'
		];
		const pageQuery = fc.dictionary(
			fc.constantFrom(...QUERY_KEYS, 'week', 'edit', 'next', 'deleted', 'workspace', 'from', 'to'),
			hostileString.map((value) => value.slice(0, 2000)),
			{ maxKeys: 3 }
		);
		const segment = fc.oneof(hostileString.map(encode), rawSegment);
		const coach = setup.adminCoach.client;
		for (const page of pages) {
			await fc.assert(
				fc.asyncProperty(segment, pageQuery, async (id, params) => {
					const search = new URLSearchParams(params).toString();
					const url = `${page.replace(':id', id)}${search ? `?${search}` : ''}`;
					const response = await coach.request(url, { headers: { accept: 'text/html' } });
					await response.arrayBuffer();
					expect(response.status, url.slice(0, 300)).toBeLessThan(500);
				}),
				{ numRuns: FEWER }
			);
		}
	});
});
