// The teacher's feedback on the coaching, given once a cycle closes. Stored without the teacher, the
// cycle or the day, so it cannot be traced back; coaches see it only pooled over enough teachers.
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../domain/errors.ts';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import {
	FEEDBACK_MINIMUM_RESPONSES,
	parseFeedback,
	summarizeFeedback,
	type FeedbackResponse,
	type FeedbackSummary,
	type HiddenFeedbackSummary
} from '../../domain/feedback.ts';
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
			month: now.toISOString().slice(0, 7),
			respondentKey: respondentKey(cycle.workspaceId, cycle.teacherId)
		});
	});
}

function respondentKey(workspaceId: string, teacherId: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(`tandem-feedback:${workspaceId}:${teacherId}`)));
}

/**
 * What a coach sees of the feedback about them: nothing but a count until enough different teachers
 * have answered — three answers from one teacher would tell the coach exactly who wrote them.
 */
export async function feedbackSummaryFor(
	db: Db,
	workspaceId: string,
	coachId: string
): Promise<FeedbackSummary | HiddenFeedbackSummary> {
	const rows = await db
		.select()
		.from(coachingFeedback)
		.where(and(eq(coachingFeedback.workspaceId, workspaceId), eq(coachingFeedback.coachId, coachId)));
	const teachers = new Set(rows.map((r) => r.respondentKey)).size;
	if (teachers < FEEDBACK_MINIMUM_RESPONSES)
		return { count: rows.length, hidden: true, needed: FEEDBACK_MINIMUM_RESPONSES - teachers };
	return summarizeFeedback(rows.map((r) => ({ ratings: r.ratings, comment: r.comment }) as FeedbackResponse));
}
