import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { listWorkspacesFor } from '$lib/server/workspaces/workspaces';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const workspaces = await listWorkspacesFor(db(), user.id);
	return json({ user: { id: user.id, name: user.name, email: user.email }, workspaces });
});
