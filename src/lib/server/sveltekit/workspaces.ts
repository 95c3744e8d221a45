// Authorizes a request against a workspace: outsiders get "not found", members without the right get
// "forbidden". The workspace twin of authorizeDocument().
import type { RequestEvent } from '@sveltejs/kit';
import { forbidden, notFound } from '../../domain/errors.ts';
import { can, canSee, type Actor, type WorkspaceAction } from '../../domain/permissions.ts';
import { actorFor, requireApiUser, type AuthenticatedUser } from './auth.ts';

export interface AuthorizedWorkspace {
	user: AuthenticatedUser;
	actor: Actor;
	workspaceId: string;
}

export async function authorizeWorkspace(
	event: RequestEvent,
	action: WorkspaceAction = 'view',
	refusal = 'You are not allowed to do that in this workspace.'
): Promise<AuthorizedWorkspace> {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const workspace = { type: 'workspace', workspaceId: event.params.id ?? '' } as const;
	if (!canSee(actor, workspace)) throw notFound('That workspace');
	if (!can(actor, action, workspace)) throw forbidden(refusal);
	return { user, actor, workspaceId: workspace.workspaceId };
}
