import { json } from '@sveltejs/kit';
import { listActionSteps } from '$lib/server/dashboards/action-steps';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser, actorFor } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { listVisibleCycles } from '$lib/server/cycles/cycles';
import { notFound } from '$lib/domain/errors';
import { canSee } from '$lib/domain/permissions';

/**
 * The open action steps of my cycles in one workspace: `?workspaceId=…&view=overdue|week|all`.
 * Overdue and due this week are counted in the school's time zone.
 */
export const GET = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const workspaceId = event.url.searchParams.get('workspaceId') ?? '';
	if (!canSee(actor, { type: 'workspace', workspaceId })) throw notFound('That workspace');
	const view = event.url.searchParams.get('view') ?? 'all';
	const mine = (await listVisibleCycles(db(), actor, workspaceId)).filter(
		(c) => c.coachId === actor.userId || c.teacherId === actor.userId
	);
	const { today } = await workspaceClock(db(), workspaceId);
	const steps = await listActionSteps(
		db(),
		actor,
		{ cycleIds: mine.map((c) => c.id), openOnly: true },
		today
	);
	const wanted = view === 'overdue' ? ['overdue'] : view === 'week' ? ['due_this_week'] : null;
	return json({ actionSteps: wanted ? steps.filter((s) => wanted.includes(s.status)) : steps });
});
