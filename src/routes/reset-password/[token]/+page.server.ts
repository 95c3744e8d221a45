import { fail, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { resetPassword } from '$lib/server/accounts/forgot-password';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { findPasswordReset } from '$lib/server/auth/password-resets';
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
		try {
			await resetPassword(db(), runtime().collaboration, event.params.token, field(form, 'password'));
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			return fail(error.status, { message: error.message, errors: error.details ?? {} });
		}
		deleteSessionCookie(event.cookies, event);
		redirect(303, '/login?reset=done');
	}
} satisfies Actions;
