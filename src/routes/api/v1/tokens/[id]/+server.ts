import { revokeAccessToken } from '$lib/server/auth/access-tokens';
import { notFound } from '$lib/domain/errors';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';

export const DELETE = endpoint(async (event) => {
	const user = requireApiUser(event);
	if (!(await revokeAccessToken(db(), runtime().collaboration, user.id, event.params.id ?? '')))
		throw notFound('That token');
	return new Response(null, { status: 204 });
});
