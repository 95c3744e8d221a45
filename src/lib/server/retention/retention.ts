// Retention of closed coaching cycles (issue 17 §4): an admin sets how many years a workspace keeps them,
// and runRetention() deletes what is past that, through the deletion path, with a receipt for each.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { isRetentionYears, RETENTION_YEARS } from '../../domain/retention.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, workspaces } from '../db/schema.ts';
import { deleteCycleForRetention, type DeletionReceipt } from '../deletion/deletion.ts';
import type { CollaborationControl } from '../runtime.ts';

/** `years` from a form or the API: one of RETENTION_YEARS, or empty / null to keep cycles. */
export function parseRetentionYears(raw: unknown): number | null {
	if (raw === null || raw === '' || raw === 'keep') return null;
	const years = typeof raw === 'string' ? Number(raw) : raw;
	if (!isRetentionYears(years))
		throw invalid(`Choose how many years to keep closed cycles: ${RETENTION_YEARS.join(', ')}.`, {
			years: 'Not one of the choices.'
		});
	return years;
}

export async function setRetention(
	db: Db,
	actor: Actor,
	workspaceId: string,
	raw: unknown
): Promise<number | null> {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin sets how long cycles are kept.');
	const years = parseRetentionYears(raw);
	await db.update(workspaces).set({ retentionYears: years }).where(eq(workspaces.id, workspaceId));
	return years;
}

export async function retentionOf(db: Db, workspaceId: string): Promise<number | null> {
	const [row] = await db
		.select({ years: workspaces.retentionYears })
		.from(workspaces)
		.where(eq(workspaces.id, workspaceId));
	return row?.years ?? null;
}

/** Closed cycles past their workspace's retention at `now`, oldest first. */
async function expiredCycles(db: Db, now: Date) {
	return db
		.select({
			id: coachingCycles.id,
			workspaceId: coachingCycles.workspaceId,
			years: workspaces.retentionYears
		})
		.from(coachingCycles)
		.innerJoin(workspaces, eq(workspaces.id, coachingCycles.workspaceId))
		.where(
			and(
				isNotNull(workspaces.retentionYears),
				eq(coachingCycles.status, 'closed'),
				isNotNull(coachingCycles.closedAt),
				sql`${coachingCycles.closedAt} + make_interval(years => ${workspaces.retentionYears}) <= ${now.toISOString()}::timestamptz`
			)
		)
		.orderBy(coachingCycles.closedAt);
}

/**
 * Deletes every closed cycle past its workspace's retention at `now`. One cycle at a time, each in its own
 * transaction with its receipt: a run that stops half-way has deleted whole cycles only, and the next run
 * picks up the rest.
 */
export async function runRetention(
	db: Db,
	collaboration: CollaborationControl,
	now: Date
): Promise<DeletionReceipt[]> {
	const receipts: DeletionReceipt[] = [];
	for (const cycle of await expiredCycles(db, now))
		receipts.push(await deleteCycleForRetention(db, collaboration, cycle, cycle.years as number));
	return receipts;
}
