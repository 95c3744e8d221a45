// The workspace admin's pages: members, rosters, and the district's data.
import { error, type RequestEvent } from '@sveltejs/kit';
import { can, pageNotFound, requireUser, workspaceAccess } from './auth.ts';

/** The signed-in admin and the workspace they manage: 404 without a workspace, 403 for non-admins. */
export async function adminAccess(
	event: RequestEvent,
	refusal = 'Only workspace admins can manage members.'
) {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) pageNotFound();
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId: current.id })) {
		error(403, { message: refusal, code: 'forbidden' });
	}
	return { user, actor, workspace: current };
}
