import { can, workspaceAccess } from '$lib/server/sveltekit/auth';
import type { LayoutServerLoad } from './$types';

// The header's facts: who is signed in, where they can work, and which links to offer.
export const load: LayoutServerLoad = async (event) => {
	const user = event.locals.user;
	if (!user)
		return {
			user: null,
			workspaces: [],
			currentWorkspace: null,
			nav: { members: false, coachingLog: false }
		};

	const { actor, workspaces, current } = await workspaceAccess(event, user);
	const workspace = current ? ({ type: 'workspace', workspaceId: current.id } as const) : null;
	const members = workspace ? can(actor, 'manage_members', workspace) : false;
	const coachingLog = workspace ? can(actor, 'keep_coaching_log', workspace) : false;
	return {
		user: { id: user.id, name: user.name, email: user.email },
		workspaces,
		currentWorkspace: current,
		nav: { members, coachingLog }
	};
};
