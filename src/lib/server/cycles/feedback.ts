// The teacher's feedback on the coaching, given once a cycle closes. Stored without the teacher, the
// cycle or the day, so it cannot be traced back; coaches see it only pooled over enough responses.
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../domain/errors.ts';
import { parseFeedback, summarizeFeedback, type FeedbackResponse } from '../../domain/feedback.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, coachingFeedback } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { CycleRow } from './cycles.ts';

export async function submitFeedback(
	db: Db,
	actor: Actor,
	cycle: CycleRow,
	raw: Record<string, unknown>,
	now = new Date()
): Promise<void> {
	if (actor.userId !== cycle.teacherId)
		throw new AppError('forbidden', 'Only the cycle’s teacher gives feedback on the coaching.');
	if (cycle.status !== 'closed') throw new AppError('conflict', 'Feedback opens when the cycle closes.');
	const response = parseFeedback(raw);
	await db.transaction(async (tx) => {
		const [marked] = await tx
			.update(coachingCycles)
			.set({ feedbackGivenAt: now })
			.where(and(eq(coachingCycles.id, cycle.id), isNull(coachingCycles.feedbackGivenAt)))
			.returning({ id: coachingCycles.id });
		if (!marked) throw new AppError('conflict', 'You have already given feedback for this cycle.');
		await tx.insert(coachingFeedback).values({
			id: newId(),
			workspaceId: cycle.workspaceId,
			coachId: cycle.coachId,
			ratings: response.ratings,
			comment: response.comment,
			month: now.toISOString().slice(0, 7)
		});
	});
}

/** What a coach sees of the feedback about them: nothing but a count until there are enough responses. */
export async function feedbackSummaryFor(db: Db, workspaceId: string, coachId: string) {
	const rows = await db
		.select({ ratings: coachingFeedback.ratings, comment: coachingFeedback.comment })
		.from(coachingFeedback)
		.where(and(eq(coachingFeedback.workspaceId, workspaceId), eq(coachingFeedback.coachId, coachId)));
	return summarizeFeedback(rows.map((r) => ({ ratings: r.ratings, comment: r.comment }) as FeedbackResponse));
}
