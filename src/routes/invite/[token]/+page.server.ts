import { error, redirect } from '@sveltejs/kit';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { createSession } from '$lib/server/auth/sessions';
import { setSessionCookie, rememberWorkspace } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { acceptInvitation, findInvitation } from '$lib/server/workspaces/invitations';
import type { Actions, PageServerLoad } from './$types';

// Unknown, used and expired links all look the same.
function invitationGone(): never {
	error(404, { message: 'This invitation is no longer valid.', code: 'invitation_invalid' });
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const invitation = await findInvitation(db(), params.token);
	if (!invitation) invitationGone();
	const user = locals.user;
	return {
		invitation: {
			workspaceName: invitation.workspaceName,
			inviterName: invitation.inviterName,
			email: invitation.email,
			roles: invitation.roles
		},
		// Which way in this visitor has: accept as themselves, create the account, or log in first.
		mode: user
			? user.email === invitation.email
				? ('accept' as const)
				: ('wrong-account' as const)
			: invitation.hasAccount
				? ('log-in' as const)
				: ('create-account' as const),
		passwordMinLength: MIN_PASSWORD_LENGTH
	};
};

export const actions = {
	default: async (event) => {
		const token = event.params.token;
		const invitation = await findInvitation(db(), token);
		if (!invitation) invitationGone();

		const form = await event.request.formData();
		const name = field(form, 'name');
		const user = event.locals.user;
		let joined;
		try {
			joined = user
				? await acceptInvitation(db(), token, { user })
				: await acceptInvitation(db(), token, { name, password: field(form, 'password') });
		} catch (failure) {
			return formFailure(failure, { name });
		}

		if (!user) {
			const { token: sessionToken, session } = await createSession(db(), joined.id);
			setSessionCookie(event, sessionToken, session.expiresAt);
		}
		rememberWorkspace(event, invitation.workspaceId);
		redirect(303, '/');
	}
} satisfies Actions;
