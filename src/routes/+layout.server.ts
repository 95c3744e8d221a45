import { can, workspaceAccess } from '$lib/server/sveltekit/auth';
import type { LayoutServerLoad } from './$types';

// The header's facts: who is signed in, where they can work, and which links to offer.
export const load: LayoutServerLoad = async (event) => {
	const user = event.locals.user;
	if (!user) return { user: null, workspaces: [], currentWorkspace: null, nav: { members: false } };

	const { actor, workspaces, current } = await workspaceAccess(event, user);
	const members = current
		? can(actor, 'manage_members', { type: 'workspace', workspaceId: current.id })
		: false;
	return {
		user: { id: user.id, name: user.name, email: user.email },
		workspaces,
		currentWorkspace: current,
		nav: { members }
	};
};
