import { fail, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { CloseCode } from '$lib/domain/close-codes';
import { checkNewPassword } from '$lib/server/accounts/accounts';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { findPasswordReset, usePasswordReset } from '$lib/server/auth/password-resets';
import { deleteSessionCookie } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The secret is in this page's address: keep the page out of every cache.
	setHeaders({ 'cache-control': 'no-store' });
	const reset = await findPasswordReset(db(), params.token);
	return { email: reset?.email ?? null, passwordMinLength: MIN_PASSWORD_LENGTH };
};

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		let ended;
		try {
			const password = checkNewPassword(field(form, 'password'));
			ended = await usePasswordReset(db(), event.params.token, password);
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			return fail(error.status, { message: error.message, errors: error.details ?? {} });
		}
		// Every session ended with the old password, this browser's included: its sockets close too.
		runtime().collaboration.closeUserConnections(ended.userId, CloseCode.NotAuthenticated);
		deleteSessionCookie(event.cookies, event);
		redirect(303, '/login?reset=done');
	}
} satisfies Actions;
