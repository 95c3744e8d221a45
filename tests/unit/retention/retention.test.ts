// The daily retention run, on a migrated database with an injected clock: what is past a workspace's
// retention goes through the deletion path with a receipt; what is not stays; the day's run happens once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionEndsAt } from '../../../src/lib/domain/retention.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { claimDailyRun, startDailyTask } from '../../../src/lib/server/retention/daily-task.ts';
import {
	parseRetentionYears,
	runRetention,
	setRetention
} from '../../../src/lib/server/retention/retention.ts';
import type { CollaborationControl } from '../../../src/lib/server/runtime.ts';
import { openInMemoryDatabase, type InMemoryDatabase } from '../../support/in-memory-database.ts';

const { coachingCycles, deletionRecords, documents, memberships, users, workspaces } = schema;

let database: InMemoryDatabase;
let db: Db;
const closedDocuments: string[] = [];
// Only the closing of sockets is observed: there are none in a unit test, but the deletion path must ask.
const collaboration = {
	closeDocumentConnections: (id: string) => {
		closedDocuments.push(id);
		return 0;
	}
} as unknown as CollaborationControl;
const admin = {
	userId: 'u-admin',
	memberships: new Map([['w-keep3', { roles: ['admin' as const], active: true }]])
};

async function closedCycle(id: string, workspaceId: string, closedAt: Date | null, status = 'closed') {
	await db.insert(coachingCycles).values({
		id,
		workspaceId,
		coachId: 'u-admin',
		teacherId: 'u-teacher',
		title: `Cycle ${id}`,
		status,
		closedAt
	});
	await db.insert(documents).values({
		id: `${id}-goal`,
		workspaceId,
		cycleId: id,
		kind: 'goal',
		title: 'Goal',
		createdBy: 'u-teacher'
	});
}

beforeAll(async () => {
	database = await openInMemoryDatabase();
	db = database.db;
	await db.insert(users).values([
		{ id: 'u-admin', email: 'admin@school.org', name: 'Avery Admin', passwordHash: 'x' },
		{ id: 'u-teacher', email: 'teacher@school.org', name: 'Taylor Teacher', passwordHash: 'x' }
	]);
	await db.insert(workspaces).values([
		{ id: 'w-keep3', name: 'Keeps three years' },
		{ id: 'w-forever', name: 'Keeps everything' }
	]);
	await db.insert(memberships).values([
		{ workspaceId: 'w-keep3', userId: 'u-admin', roles: ['admin'] },
		{ workspaceId: 'w-keep3', userId: 'u-teacher', roles: ['teacher'] }
	]);
	expect(await setRetention(db, admin, 'w-keep3', '3')).toBe(3);
	await closedCycle('old', 'w-keep3', new Date('2023-06-01T15:00:00Z'));
	await closedCycle('recent', 'w-keep3', new Date('2025-06-01T15:00:00Z'));
	await closedCycle('open', 'w-keep3', null, 'active');
	await closedCycle('forever', 'w-forever', new Date('2015-06-01T15:00:00Z'));
	// PGlite's start and migrations, on a shared machine.
}, 60_000);
afterAll(async () => {
	await database?.client.close();
});

describe('retention of closed cycles', () => {
	it('offers a fixed set of years, or keeping cycles, and refuses anything else', () => {
		expect(parseRetentionYears('')).toBeNull();
		expect(parseRetentionYears(5)).toBe(5);
		expect(() => parseRetentionYears('6')).toThrow(/Choose how many years/);
		expect(() => parseRetentionYears('three')).toThrow(/Choose how many years/);
		expect(retentionEndsAt(new Date('2024-02-29T10:00:00Z'), 1).toISOString()).toBe(
			'2025-03-01T10:00:00.000Z'
		);
	});

	it('lets only an admin of the workspace set it', async () => {
		const teacher = {
			userId: 'u-teacher',
			memberships: new Map([['w-keep3', { roles: ['teacher' as const], active: true }]])
		};
		await expect(setRetention(db, teacher, 'w-keep3', '1')).rejects.toThrow(/Only an admin/);
	});

	it('deletes nothing before a closed cycle is past its retention', async () => {
		expect(await runRetention(db, collaboration, new Date('2026-05-31T23:59:59Z'))).toEqual([]);
	});

	it('deletes a cycle past retention, with its documents, and writes a receipt naming the rule', async () => {
		const receipts = await runRetention(db, collaboration, new Date('2026-06-01T15:00:00Z'));
		expect(receipts.map((r) => [r.subjectType, r.subjectId, r.documentsDeleted])).toEqual([
			['cycle', 'old', 1]
		]);
		const left = await db.select({ id: coachingCycles.id }).from(coachingCycles);
		expect(left.map((c) => c.id).sort()).toEqual(['forever', 'open', 'recent']);
		expect(await db.select().from(documents).where(eq(documents.cycleId, 'old'))).toEqual([]);
		const [record] = await db.select().from(deletionRecords).where(eq(deletionRecords.subjectId, 'old'));
		expect(record).toMatchObject({ workspaceId: 'w-keep3', requestedBy: null, subjectType: 'cycle' });
		expect(record?.summary).toEqual({
			documentsDeleted: 1,
			documentsRewritten: 0,
			reason: 'retention',
			retentionYears: 3
		});
		expect(closedDocuments).toContain('old-goal');
		// Run again the same day: nothing more is past retention.
		expect(await runRetention(db, collaboration, new Date('2026-06-01T16:00:00Z'))).toEqual([]);
	});

	it('never deletes open cycles, nor cycles of a workspace that keeps them', async () => {
		await runRetention(db, collaboration, new Date('2040-01-01T00:00:00Z'));
		const left = await db.select({ id: coachingCycles.id }).from(coachingCycles);
		expect(left.map((c) => c.id).sort()).toEqual(['forever', 'open']);
	});
});

describe('the daily task', () => {
	it('is claimed by one caller per day, however many processes ask', async () => {
		const day = new Date('2026-07-01T03:00:00Z');
		const claims = await Promise.all([1, 2, 3].map(() => claimDailyRun(db, 'claim-test', day)));
		expect(claims.filter(Boolean)).toHaveLength(1);
		expect(await claimDailyRun(db, 'claim-test', new Date('2026-07-01T23:00:00Z'))).toBe(false);
		expect(await claimDailyRun(db, 'claim-test', new Date('2026-07-02T00:00:01Z'))).toBe(true);
	});

	it('runs its work once a day on an injected clock, across two schedulers', async () => {
		let now = new Date('2026-08-01T09:00:00Z');
		const runs: string[] = [];
		const log: string[] = [];
		const make = (who: string) =>
			startDailyTask({
				name: 'two-process-test',
				db,
				run: (at) => {
					runs.push(`${who} ${at.toISOString()}`);
					return Promise.resolve();
				},
				log: (message) => log.push(message),
				clock: () => now,
				checkEveryMs: 0
			});
		const first = make('first');
		const second = make('second');
		expect([await first.tick(), await second.tick()]).toEqual([true, false]);
		now = new Date('2026-08-01T21:00:00Z');
		expect([await second.tick(), await first.tick()]).toEqual([false, false]);
		now = new Date('2026-08-02T01:00:00Z');
		expect([await second.tick(), await first.tick()]).toEqual([true, false]);
		expect(runs).toEqual(['first 2026-08-01T09:00:00.000Z', 'second 2026-08-02T01:00:00.000Z']);
		const [row] = await db
			.select()
			.from(schema.scheduledRuns)
			.where(eq(schema.scheduledRuns.task, 'two-process-test'));
		expect(row?.lastRunOn).toBe('2026-08-02');
		expect(row?.finishedAt?.toISOString()).toBe('2026-08-02T01:00:00.000Z');
		await Promise.all([first.stop(), second.stop()]);
		expect(log).toEqual([]);
	});
});
