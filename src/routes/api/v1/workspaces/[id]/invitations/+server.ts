import { json } from '@sveltejs/kit';
import { forbidden, notFound } from '$lib/domain/errors';
import { can, canSee } from '$lib/domain/permissions';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { createInvitation, parseRoles } from '$lib/server/workspaces/invitations';

export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const workspace = { type: 'workspace', workspaceId: event.params.id ?? '' } as const;
	const actor = await actorFor(user);
	if (!canSee(actor, workspace)) throw notFound('That workspace');
	if (!can(actor, 'invite', workspace)) throw forbidden('Only workspace admins can invite people.');
	const body = await readJson(event);
	const roles = parseRoles(body.roles ?? body.role);
	const { token } = await createInvitation(db(), {
		workspaceId: workspace.workspaceId,
		email: body.email,
		roles,
		invitedBy: user.id
	});
	return json({ url: `${event.url.origin}/invite/${token}` }, { status: 201 });
});
