import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/sign-out';
import { deleteSessionCookie } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import { safeNext } from '$lib/server/sveltekit/safe-next';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
};

export const actions = {
	default: async (event) => {
		const sessionId = event.locals.sessionId;
		if (sessionId) await signOut(db(), runtime().collaboration, sessionId);
		deleteSessionCookie(event.cookies, event);
		// An invitation opened in the wrong account logs out and returns to the invitation, which then offers
		// to log in or create the invited account.
		const next = safeNext(field(await event.request.formData(), 'next'), event.url.origin);
		redirect(303, next ?? '/login?signed_out=1');
	}
} satisfies Actions;
