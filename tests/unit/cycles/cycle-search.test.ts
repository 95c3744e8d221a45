// Searching cycles must not tell an admin what a cycle's focus says: a match on the focus (content) is
// only for the pair.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/domain/permissions.ts';
import { listVisibleCycles } from '../../../src/lib/server/cycles/cycles.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

let client: PGlite;
let db: Db;

const actor = (userId: string, roles: ('admin' | 'coach' | 'teacher')[]): Actor => ({
	userId,
	memberships: new Map([['w', { roles, active: true }]])
});

// Migrating a fresh in-memory database takes seconds on a busy machine.
beforeAll(async () => {
	({ client, db } = await openInMemoryDatabase());
	await db.insert(schema.users).values(
		['coach', 'teacher', 'admin'].map((id) => ({
			id,
			email: `${id}@school.org`,
			name: id,
			passwordHash: 'x'
		}))
	);
	await db.insert(schema.workspaces).values({ id: 'w', name: 'Riverside' });
	await db.insert(schema.memberships).values([
		{ workspaceId: 'w', userId: 'coach', roles: ['coach'] },
		{ workspaceId: 'w', userId: 'teacher', roles: ['teacher'] },
		{ workspaceId: 'w', userId: 'admin', roles: ['admin', 'coach'] }
	]);
	await db.insert(schema.coachingCycles).values({
		id: 'c1',
		workspaceId: 'w',
		coachId: 'coach',
		teacherId: 'teacher',
		title: 'Student discourse',
		focus: 'struggles with classroom management'
	});
}, 60_000);

afterAll(async () => {
	await client?.close();
});

describe('searching cycles', () => {
	const search = async (who: Actor, q: string) =>
		(await listVisibleCycles(db, who, 'w', { search: q })).map((c) => c.id);

	it('never matches the focus for an admin outside the cycle', async () => {
		expect(await search(actor('admin', ['admin', 'coach']), 'classroom management')).toEqual([]);
	});

	it('matches the focus for the pair', async () => {
		expect(await search(actor('coach', ['coach']), 'classroom management')).toEqual(['c1']);
		expect(await search(actor('teacher', ['teacher']), 'classroom management')).toEqual(['c1']);
	});
});
