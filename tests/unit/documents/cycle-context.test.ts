// A reader the teacher shared one document with reads that document, not the cycle around it: its page must
// not show them the cycle's title (which the pair and the school's admins see).
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/domain/permissions.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { cycleContextFor } from '../../../src/lib/server/documents/cycle-context.ts';
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
		['coach', 'teacher', 'reader'].map((id) => ({
			id,
			email: `${id}@school.org`,
			name: id,
			passwordHash: 'x'
		}))
	);
	await db.insert(schema.workspaces).values({ id: 'w', name: 'Riverside' });
	await db.insert(schema.coachingCycles).values({
		id: 'c1',
		workspaceId: 'w',
		coachId: 'coach',
		teacherId: 'teacher',
		title: 'Classroom management'
	});
	await db.insert(schema.documents).values({
		id: 'd1',
		workspaceId: 'w',
		cycleId: 'c1',
		kind: 'lesson_plan',
		title: 'Plan',
		createdBy: 'coach'
	});
}, 60_000);

afterAll(async () => {
	await client?.close();
});

describe('a cycle document’s context', () => {
	const document = async () =>
		(await db.select().from(schema.documents))[0] as typeof schema.documents.$inferSelect;

	it('names the cycle for its pair', async () => {
		expect((await cycleContextFor(db, actor('coach', ['coach']), await document()))?.title).toBe(
			'Classroom management'
		);
	});

	it('keeps the cycle’s title from a reader the document was shared with', async () => {
		const context = await cycleContextFor(db, actor('reader', ['teacher']), await document());
		expect(context?.title).toBeNull();
		expect(context?.teacher.name).toBe('teacher');
	});
});
