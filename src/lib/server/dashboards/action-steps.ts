// Action steps as dashboards see them: derived rows (see derived-records.ts), shown only from documents
// the viewer may read — the coach's sealed notes keep their steps to themselves until opened.
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { actionStepStatus, type ActionStep } from '../../domain/action-steps.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { cycleOwner } from '../access.ts';
import type { Db } from '../db/client.ts';
import { actionSteps, coachingCycles, documents, users } from '../db/schema.ts';

export interface ActionStepJson {
	id: string;
	documentId: string;
	documentTitle: string;
	cycleId: string | null;
	cycleTitle: string | null;
	text: string;
	owner: { id: string; name: string } | null;
	due: string | null;
	done: boolean;
	status: ReturnType<typeof actionStepStatus>;
}

export async function listActionSteps(
	db: Db,
	actor: Actor,
	filter: { cycleIds?: string[]; ownerId?: string; openOnly?: boolean },
	today: string
): Promise<ActionStepJson[]> {
	if (filter.cycleIds && filter.cycleIds.length === 0 && !filter.ownerId) return [];
	const scope: (SQL | undefined)[] = [
		filter.cycleIds && filter.cycleIds.length > 0 ? inArray(actionSteps.cycleId, filter.cycleIds) : undefined,
		filter.ownerId ? eq(actionSteps.ownerId, filter.ownerId) : undefined
	].filter(Boolean);
	const rows = await db
		.select({ step: actionSteps, document: documents, cycle: coachingCycles, ownerName: users.name })
		.from(actionSteps)
		.innerJoin(documents, eq(documents.id, actionSteps.documentId))
		.innerJoin(coachingCycles, eq(coachingCycles.id, actionSteps.cycleId))
		.leftJoin(users, eq(users.id, actionSteps.ownerId))
		.where(
			and(
				scope.length > 1 ? or(...scope) : scope[0],
				filter.openOnly ? eq(actionSteps.done, false) : undefined
			)
		)
		.orderBy(asc(actionSteps.due), asc(actionSteps.position));
	return rows
		.filter(({ document, cycle }) =>
			can(actor, 'read', {
				type: 'document',
				workspaceId: document.workspaceId,
				owner: cycleOwner(document, cycle),
				shares: []
			})
		)
		.map(({ step, document, cycle, ownerName }) => {
			const asStep: ActionStep = {
				id: step.stepId,
				text: step.text,
				ownerId: step.ownerId,
				due: step.due,
				done: step.done,
				position: step.position
			};
			return {
				id: step.stepId,
				documentId: document.id,
				documentTitle: document.title,
				cycleId: cycle.id,
				cycleTitle: cycle.title,
				text: step.text,
				owner: step.ownerId && ownerName ? { id: step.ownerId, name: ownerName } : null,
				due: step.due,
				done: step.done,
				status: actionStepStatus(asStep, today)
			};
		});
}
