import { json } from '@sveltejs/kit';
import { feedbackSummaryFor } from '$lib/server/cycles/feedback';
import { endpoint } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

/**
 * Teachers' feedback on my coaching, pooled: `{ count, hidden: true, needed }` until three different
 * teachers have answered, then averages, the spread of answers, and comments in alphabetical order.
 */
export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(
		event,
		'keep_coaching_log',
		'Only coaches receive feedback on coaching.'
	);
	return json(await feedbackSummaryFor(db(), workspaceId, actor.userId));
});
