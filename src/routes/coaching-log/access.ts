// The coaching log is a coach's own record: anyone else gets "not found".
import type { RequestEvent } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { pageNotFound, requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';

export async function coachAccess(event: RequestEvent) {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current || !can(actor, 'keep_coaching_log', { type: 'workspace', workspaceId: current.id }))
		pageNotFound();
	return { user, workspace: current };
}
