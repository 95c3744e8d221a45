import { json } from '@sveltejs/kit';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';
import { createInvitation, parseRoles } from '$lib/server/workspaces/invitations';

export const POST = endpoint(async (event) => {
	const { user, workspaceId } = await authorizeWorkspace(
		event,
		'invite',
		'Only workspace admins can invite people.'
	);
	const body = await readJson(event);
	const roles = parseRoles(body.roles ?? body.role);
	const { token } = await createInvitation(db(), {
		workspaceId,
		email: body.email,
		roles,
		invitedBy: user.id
	});
	return json({ url: `${event.url.origin}/invite/${token}` }, { status: 201 });
});
