import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import {
	createSession,
	invalidateAllSessions,
	invalidateSession,
	validateSessionToken
} from '../../../src/lib/server/auth/sessions.ts';
import {
	createAccessToken,
	listAccessTokens,
	parseTokenLifetime,
	resolveAccessToken,
	revokeAccessToken
} from '../../../src/lib/server/auth/access-tokens.ts';
import type { CollaborationControl } from '../../../src/lib/server/runtime.ts';
import {
	RENEW_WITHIN_MS,
	SESSION_LIFETIME_MS,
	sessionIdFromToken
} from '../../../src/lib/server/auth/session-token.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

const { sessions, accessTokens, users, workspaces } = schema;
const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date('2025-03-01T12:00:00.000Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

let client: PGlite;
let db: Db;

beforeAll(async () => {
	({ client, db } = await openInMemoryDatabase());
	await db.insert(users).values([
		{ id: 'u-coach', email: 'coach@school.org', name: 'Casey Coach', passwordHash: 'x' },
		{ id: 'u-teacher', email: 'teacher@school.org', name: 'Taylor Teacher', passwordHash: 'x' }
	]);
	await db.insert(workspaces).values({ id: 'w-1', name: 'Lincoln Elementary' });
});

afterAll(async () => {
	await client?.close();
});

describe('sessions', () => {
	it('stores only the hash of the token', async () => {
		const { token, session } = await createSession(db, 'u-coach', t0);
		expect(session.id).toBe(sessionIdFromToken(token));
		expect(session.expiresAt.getTime()).toBe(t0.getTime() + SESSION_LIFETIME_MS);
		const rows = await db.select().from(sessions).where(eq(sessions.userId, 'u-coach'));
		expect(rows.map((r) => r.id)).toContain(session.id);
		expect(rows.map((r) => r.id)).not.toContain(token);
	});

	it('validates a fresh token without renewing it', async () => {
		const { token, session } = await createSession(db, 'u-coach', t0);
		const result = await validateSessionToken(db, token, after(DAY));
		expect(result).toEqual({
			session: { ...session },
			user: { id: 'u-coach', name: 'Casey Coach', email: 'coach@school.org' },
			renewed: false
		});
	});

	it('refuses unknown and malformed tokens', async () => {
		expect(await validateSessionToken(db, 'a'.repeat(32), t0)).toBeNull();
		expect(await validateSessionToken(db, 'not a token', t0)).toBeNull();
		const { session } = await createSession(db, 'u-coach', t0);
		// The stored id is not a credential.
		expect(await validateSessionToken(db, session.id, t0)).toBeNull();
	});

	it('renews once fewer than 15 days remain, and persists the new expiry', async () => {
		const { token } = await createSession(db, 'u-coach', t0);
		const late = after(SESSION_LIFETIME_MS - RENEW_WITHIN_MS + 1);
		const result = await validateSessionToken(db, token, late);
		expect(result?.renewed).toBe(true);
		expect(result?.session.expiresAt.getTime()).toBe(late.getTime() + SESSION_LIFETIME_MS);
		const [row] = await db
			.select()
			.from(sessions)
			.where(eq(sessions.id, sessionIdFromToken(token)));
		expect(row?.expiresAt.getTime()).toBe(late.getTime() + SESSION_LIFETIME_MS);
		expect((await validateSessionToken(db, token, new Date(late.getTime() + DAY)))?.renewed).toBe(false);
	});

	it('deletes an expired session', async () => {
		const { token, session } = await createSession(db, 'u-coach', t0);
		expect(await validateSessionToken(db, token, after(SESSION_LIFETIME_MS))).toBeNull();
		expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);
	});

	it('invalidates one session', async () => {
		const { token, session } = await createSession(db, 'u-coach', t0);
		await invalidateSession(db, session.id);
		expect(await validateSessionToken(db, token, t0)).toBeNull();
	});

	it('signs a user out everywhere and reports which sessions went', async () => {
		const a = await createSession(db, 'u-teacher', t0);
		const b = await createSession(db, 'u-teacher', t0);
		const other = await createSession(db, 'u-coach', t0);
		const removed = await invalidateAllSessions(db, 'u-teacher');
		expect(removed.sort()).toEqual([a.session.id, b.session.id].sort());
		expect(await validateSessionToken(db, a.token, t0)).toBeNull();
		expect(await validateSessionToken(db, b.token, t0)).toBeNull();
		expect(await validateSessionToken(db, other.token, t0)).not.toBeNull();
		expect(await invalidateAllSessions(db, 'u-teacher')).toEqual([]);
	});
});

describe('personal access tokens', () => {
	it('shows the token once and stores only its hash', async () => {
		const { token, record } = await createAccessToken(db, 'u-coach', '  Gradebook sync ', { now: t0 });
		expect(token).toMatch(/^tdm_[a-z2-7]{32}$/);
		expect(record).toEqual({
			id: expect.any(String),
			name: 'Gradebook sync',
			createdAt: t0,
			lastUsedAt: null,
			expiresAt: after(90 * DAY)
		});
		const [row] = await db.select().from(accessTokens).where(eq(accessTokens.id, record.id));
		expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row?.tokenHash).not.toContain(token.slice(4));
	});

	it('rejects an empty or overlong name', async () => {
		await expect(createAccessToken(db, 'u-coach', '   ')).rejects.toMatchObject({ code: 'invalid_request' });
		await expect(createAccessToken(db, 'u-coach', 'x'.repeat(101))).rejects.toMatchObject({
			code: 'invalid_request'
		});
	});

	it('resolves to its user and records use at most once a minute', async () => {
		const { token, record } = await createAccessToken(db, 'u-teacher', 'CLI', { now: t0 });
		const lastUsed = async () =>
			(await db.select().from(accessTokens).where(eq(accessTokens.id, record.id)))[0]?.lastUsedAt;

		expect(await resolveAccessToken(db, token, after(1000))).toEqual({
			user: { id: 'u-teacher', name: 'Taylor Teacher', email: 'teacher@school.org' },
			tokenId: record.id
		});
		expect(await lastUsed()).toEqual(after(1000));
		await resolveAccessToken(db, token, after(30_000));
		expect(await lastUsed()).toEqual(after(1000));
		await resolveAccessToken(db, token, after(61_000));
		expect(await lastUsed()).toEqual(after(61_000));
	});

	it('refuses unknown and malformed tokens', async () => {
		expect(await resolveAccessToken(db, 'tdm_' + 'a'.repeat(32))).toBeNull();
		expect(await resolveAccessToken(db, 'Bearer nonsense')).toBeNull();
	});

	it('expires after its lifetime, or never when so chosen', async () => {
		const { token, record } = await createAccessToken(db, 'u-coach', 'Short', { lifetimeDays: 7, now: t0 });
		expect(record.expiresAt).toEqual(after(7 * DAY));
		expect(await resolveAccessToken(db, token, after(7 * DAY - 1))).not.toBeNull();
		expect(await resolveAccessToken(db, token, after(7 * DAY))).toBeNull();
		expect((await listAccessTokens(db, 'u-coach', after(7 * DAY))).map((t) => t.id)).not.toContain(record.id);
		const forever = await createAccessToken(db, 'u-coach', 'Forever', { lifetimeDays: null, now: t0 });
		expect(forever.record.expiresAt).toBeNull();
		expect(await resolveAccessToken(db, forever.token, after(3650 * DAY))).not.toBeNull();
	});

	it('reads a lifetime from a form or the API: 1 to 365 days, never, or the default', () => {
		expect(parseTokenLifetime(undefined)).toBe(90);
		expect(parseTokenLifetime('')).toBe(90);
		expect(parseTokenLifetime('30')).toBe(30);
		expect(parseTokenLifetime(365)).toBe(365);
		expect(parseTokenLifetime(null)).toBeNull();
		expect(parseTokenLifetime('never')).toBeNull();
		for (const bad of [0, -1, 2.5, 366, '3e1', 'soon', true, {}])
			expect(() => parseTokenLifetime(bad)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
	});

	it('lists own live tokens without hashes, and revokes only own tokens, closing their sockets', async () => {
		const closed: string[] = [];
		// Records what the collaboration server is asked to close; the sockets themselves are closed in the
		// integration test (tests/integration/access-token-lifecycle.test.ts).
		const collaboration = {
			closeTokenConnections: (tokenId: string) => closed.push(tokenId)
		} as unknown as CollaborationControl;
		const { token, record } = await createAccessToken(db, 'u-coach', 'Revoke me');
		const listed = await listAccessTokens(db, 'u-coach');
		expect(listed.map((t) => t.id)).toContain(record.id);
		for (const item of listed)
			expect(Object.keys(item).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name']);
		expect((await listAccessTokens(db, 'u-teacher')).map((t) => t.id)).not.toContain(record.id);

		expect(await revokeAccessToken(db, collaboration, 'u-teacher', record.id)).toBe(false);
		expect(await resolveAccessToken(db, token)).not.toBeNull();
		expect(closed).toEqual([]);

		expect(await revokeAccessToken(db, collaboration, 'u-coach', record.id)).toBe(true);
		expect(await revokeAccessToken(db, collaboration, 'u-coach', record.id)).toBe(false);
		expect(closed).toEqual([record.id]);
		expect(await resolveAccessToken(db, token)).toBeNull();
		expect((await listAccessTokens(db, 'u-coach')).map((t) => t.id)).not.toContain(record.id);
	});
});
