// Reset links against an in-process database: only the hash is stored, a link works once and for 30
// minutes, and using it ends every session of the account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { createSession } from '../../../src/lib/server/auth/sessions.ts';
import { verifyPassword } from '../../../src/lib/server/auth/passwords.ts';
import {
	findPasswordReset,
	issuePasswordReset,
	RESET_LINK_LIFETIME_MS,
	usePasswordReset
} from '../../../src/lib/server/auth/password-resets.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

const { passwordResets, sessions, users } = schema;
const t0 = new Date('2026-03-01T12:00:00.000Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

let client: PGlite;
let db: Db;

beforeAll(async () => {
	({ client, db } = await openInMemoryDatabase());
	await db
		.insert(users)
		.values({ id: 'u-teacher', email: 't@school.org', name: 'Tess Teacher', passwordHash: 'x' });
	// Migrating an in-process PGlite takes seconds, more on a loaded machine.
}, 60_000);

afterAll(async () => {
	await client?.close();
});

describe('password reset links', () => {
	it('stores only the hash of the secret', async () => {
		const { token } = await issuePasswordReset(db, 'u-teacher', null, t0);
		const rows = await db.select().from(passwordResets).where(eq(passwordResets.userId, 'u-teacher'));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			expect(row.id).toMatch(/^[0-9a-f]{64}$/);
			expect(JSON.stringify(row)).not.toContain(token);
		}
	});

	it('works until 30 minutes have passed, not after', async () => {
		const { token } = await issuePasswordReset(db, 'u-teacher', null, t0);
		expect(await findPasswordReset(db, token, after(RESET_LINK_LIFETIME_MS - 1))).toEqual({
			email: 't@school.org'
		});
		expect(await findPasswordReset(db, token, after(RESET_LINK_LIFETIME_MS))).toBeNull();
		await expect(
			usePasswordReset(db, token, 'a new long password', after(RESET_LINK_LIFETIME_MS))
		).rejects.toThrow(/expired or was already used/);
	});

	it('works once, sets the password and ends every session and every other link', async () => {
		await createSession(db, 'u-teacher', t0);
		await createSession(db, 'u-teacher', t0);
		const first = await issuePasswordReset(db, 'u-teacher', null, t0);
		const second = await issuePasswordReset(db, 'u-teacher', null, t0);
		const { userId, endedSessionIds } = await usePasswordReset(
			db,
			first.token,
			'a new long password',
			after(1000)
		);
		expect(userId).toBe('u-teacher');
		expect(endedSessionIds).toHaveLength(2);
		expect(await db.select().from(sessions).where(eq(sessions.userId, 'u-teacher'))).toEqual([]);
		const [user] = await db.select().from(users).where(eq(users.id, 'u-teacher'));
		expect(await verifyPassword(user?.passwordHash ?? '', 'a new long password')).toBe(true);
		await expect(usePasswordReset(db, first.token, 'another long password', after(2000))).rejects.toThrow(
			/expired or was already used/
		);
		expect(await findPasswordReset(db, second.token, after(2000))).toBeNull();
	});

	it('refuses a malformed link without a query', async () => {
		expect(await findPasswordReset(db, "'; drop table users; --")).toBeNull();
		await expect(usePasswordReset(db, 'short', 'a new long password')).rejects.toThrow(/expired/);
	});
});
