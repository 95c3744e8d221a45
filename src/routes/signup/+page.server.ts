import { fail, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { checkNewPassword, parseEmail, parseName, signUp } from '$lib/server/accounts/accounts';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { createSession } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { parseWorkspaceName } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
	return { passwordMinLength: MIN_PASSWORD_LENGTH };
};

function fieldErrors(checks: (() => unknown)[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const check of checks) {
		try {
			check();
		} catch (error) {
			if (!(error instanceof AppError) || !error.details) throw error;
			Object.assign(errors, error.details);
		}
	}
	return errors;
}

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = {
			name: field(form, 'name'),
			email: field(form, 'email'),
			password: field(form, 'password'),
			workspace: field(form, 'workspace')
		};
		// Never echo the password back into the page.
		const values = { name: input.name, email: input.email, workspace: input.workspace };

		// Every field's problem at once, rather than one per attempt. This also checks the workspace name
		// before signUp creates the user, so a bad name cannot leave an account behind.
		const errors = fieldErrors([
			() => parseName(input.name),
			() => parseEmail(input.email),
			() => checkNewPassword(input.password),
			() => input.workspace.trim() && parseWorkspaceName(input.workspace)
		]);
		const problems = Object.keys(errors).length;
		if (problems > 0) {
			const message =
				problems === 1 ? 'Check the field marked below.' : `Check the ${problems} fields marked below.`;
			return fail(400, { message, errors, values });
		}

		let user;
		try {
			({ user } = await signUp(db(), input));
		} catch (error) {
			return formFailure(error, values);
		}

		const { token, session } = await createSession(db(), user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, '/');
	}
} satisfies Actions;
