// Records derived from document content after each store, for dashboards that must not open every Y.Doc:
// a cycle's action steps, and a goal's figures for its progress chart (docs/design.md §6).
import { eq, sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import { readActionSteps, type ActionStep } from '../../domain/action-steps.ts';
import { readGoal, type GoalSnapshot } from '../../domain/goal-document.ts';
import { rowsOf, type Db } from '../db/client.ts';
import { actionSteps, documents, goalProgress } from '../db/schema.ts';

/** What the derived rows are made from: the action steps, and the goal (used only for a goal document). */
export function derivedContent(doc: Y.Doc): { steps: ActionStep[]; goal: GoalSnapshot } {
	return { steps: readActionSteps(doc), goal: readGoal(doc) };
}

/** Replaces the document's derived rows with what its current content says. */
export async function deriveDocumentRecords(
	db: Db,
	documentId: string,
	doc: Y.Doc,
	content = derivedContent(doc)
): Promise<void> {
	if (content.steps.length === 0) return clearStepsAndDeriveGoal(db, documentId, content.goal);
	const [document] = await db
		.select({
			workspaceId: documents.workspaceId,
			cycleId: documents.cycleId,
			plcId: documents.plcId,
			kind: documents.kind
		})
		.from(documents)
		.where(eq(documents.id, documentId));
	if (!document) return;
	const steps = content.steps;
	const goal = document.kind === 'goal' ? content.goal : null;
	await db.transaction(async (tx) => {
		await tx.delete(actionSteps).where(eq(actionSteps.documentId, documentId));
		await tx.insert(actionSteps).values(
			steps.map((step) => ({
				documentId,
				stepId: step.id,
				workspaceId: document.workspaceId,
				cycleId: document.cycleId,
				plcId: document.plcId,
				text: step.text,
				ownerId: step.ownerId,
				due: step.due,
				done: step.done,
				position: step.position
			}))
		);
		if (goal) await writeGoalProgress(tx, documentId, document.cycleId, goal);
	});
}

/**
 * Most documents have no action steps. Their old steps (if any) are cleared and the document's kind is read
 * in one statement, outside a transaction: there is nothing to insert beside the delete.
 */
async function clearStepsAndDeriveGoal(db: Db, documentId: string, goal: GoalSnapshot): Promise<void> {
	const [document] = rowsOf<{ kind: string; cycle_id: string | null }>(
		await db.execute(sql`with cleared as (delete from "action_steps" where document_id = ${documentId})
			select kind, cycle_id from "documents" where id = ${documentId}`)
	);
	if (document?.kind === 'goal') await writeGoalProgress(db, documentId, document.cycle_id, goal);
}

async function writeGoalProgress(
	db: Pick<Db, 'insert'>,
	documentId: string,
	cycleId: string | null,
	goal: GoalSnapshot
): Promise<void> {
	const values = {
		cycleId,
		statement: goal.fields.statement,
		metric: goal.fields.metric,
		baseline: goal.fields.baseline,
		target: goal.fields.target,
		due: goal.fields.due,
		measurements: goal.measurements,
		updatedAt: new Date()
	};
	await db
		.insert(goalProgress)
		.values({ documentId, ...values })
		.onConflictDoUpdate({ target: goalProgress.documentId, set: values });
}
