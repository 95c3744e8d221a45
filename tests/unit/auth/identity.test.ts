// One resolver for HTTP and the socket (issue 15): the same credentials give the same identity at both doors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { createAccessToken } from '../../../src/lib/server/auth/access-tokens.ts';
import {
	bearerFromAuthorization,
	resolveIdentity,
	sessionTokenFromCookieHeader
} from '../../../src/lib/server/auth/identity.ts';
import { createSession } from '../../../src/lib/server/auth/sessions.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

let client: PGlite;
let db: Db;

beforeAll(async () => {
	({ client, db } = await openInMemoryDatabase());
	await db
		.insert(schema.users)
		.values({ id: 'u-coach', email: 'coach@school.org', name: 'Casey Coach', passwordHash: 'x' });
	// Opening PGlite and migrating is setup, not the behaviour under test; on a loaded machine it takes a while.
}, 60_000);

afterAll(async () => {
	await client.close();
});

const casey = { id: 'u-coach', name: 'Casey Coach', email: 'coach@school.org' };

describe('resolveIdentity', () => {
	it('knows a session by its cookie and a token by its bearer, and says which one it was', async () => {
		const { token: sessionToken, session } = await createSession(db, 'u-coach');
		const { token, record } = await createAccessToken(db, 'u-coach', 'Script');
		expect(await resolveIdentity(db, { sessionToken })).toEqual({
			via: 'session',
			user: casey,
			sessionId: session.id,
			renewedUntil: null
		});
		expect(await resolveIdentity(db, { bearer: token })).toEqual({
			via: 'token',
			user: casey,
			tokenId: record.id
		});
		// A bearer decides alone: a good cookie does not rescue a bad token.
		expect(await resolveIdentity(db, { bearer: 'tdm_' + 'a'.repeat(32), sessionToken })).toBeNull();
		expect(await resolveIdentity(db, {})).toBeNull();
		expect(await resolveIdentity(db, { sessionToken: 'not-a-session' })).toBeNull();
	});

	it('refuses an expired token', async () => {
		const { token } = await createAccessToken(db, 'u-coach', 'Old', {
			lifetimeDays: 1,
			now: new Date(Date.now() - 2 * 86_400_000)
		});
		expect(await resolveIdentity(db, { bearer: token })).toBeNull();
	});
});

describe('reading credentials from headers', () => {
	it('finds the session cookie among others, and ignores a malformed one', () => {
		expect(sessionTokenFromCookieHeader('a=1; tandem_session=abc%20d; b=2')).toBe('abc d');
		expect(sessionTokenFromCookieHeader('tandem_session=%E0%A4%A')).toBeNull();
		expect(sessionTokenFromCookieHeader('other=1')).toBeNull();
		expect(sessionTokenFromCookieHeader(null)).toBeNull();
	});

	it('reads a bearer token', () => {
		expect(bearerFromAuthorization('Bearer tdm_x')).toBe('tdm_x');
		expect(bearerFromAuthorization('bearer   tdm_x')).toBe('tdm_x');
		expect(bearerFromAuthorization('Basic abc')).toBeNull();
		expect(bearerFromAuthorization(null)).toBeNull();
	});
});
