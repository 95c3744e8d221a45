import { redirect } from '@sveltejs/kit';
import { pageNotFound, requireUser, workspaceAccess, rememberWorkspace } from '$lib/server/sveltekit/auth';
import { field } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

// The header's switcher posts here; the page itself is the switcher for small screens and no-script browsers.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { workspaces, current } = await workspaceAccess(event, user);
	return { choices: workspaces, currentId: current?.id ?? null };
};

export const actions = {
	switch: async (event) => {
		const user = requireUser(event);
		const workspaceId = field(await event.request.formData(), 'workspaceId');
		const { workspaces } = await workspaceAccess(event, user);
		if (!workspaces.some((w) => w.id === workspaceId)) pageNotFound();
		rememberWorkspace(event, workspaceId);
		redirect(303, '/');
	}
} satisfies Actions;
