import { error, type RequestEvent } from '@sveltejs/kit';
import { redirectUriFor } from '$lib/server/sso/providers';
import {
	MISSING_KEY_MESSAGE,
	readWorkspaceSignIn,
	removeWorkspaceSignIn,
	saveWorkspaceSignIn
} from '$lib/server/sso/workspace-sign-in';
import { can, pageNotFound, requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { publicOrigin } from '$lib/server/sveltekit/sso';
import type { Actions, PageServerLoad } from './$types';

async function adminAccess(event: RequestEvent) {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) pageNotFound();
	if (!can(actor, 'manage_settings', { type: 'workspace', workspaceId: current.id })) {
		error(403, { message: 'Only workspace admins can set up sign-in.', code: 'forbidden' });
	}
	return { user, workspace: current };
}

export const load: PageServerLoad = async (event) => {
	const { workspace } = await adminAccess(event);
	const settings = await readWorkspaceSignIn(db(), workspace.id);
	return {
		workspace: { id: workspace.id, name: workspace.name },
		settings,
		// What the admin registers at the provider.
		redirectUri: redirectUriFor(publicOrigin(event), workspace.id),
		startUrl: `${publicOrigin(event)}/login/sso/${workspace.id}`,
		keyMissing: runtime().config.sso.secretKey ? null : MISSING_KEY_MESSAGE
	};
};

export const actions = {
	save: async (event) => {
		const { user, workspace } = await adminAccess(event);
		const form = await event.request.formData();
		const values = {
			displayName: field(form, 'displayName'),
			issuer: field(form, 'issuer'),
			clientId: field(form, 'clientId'),
			allowedDomains: field(form, 'allowedDomains'),
			passwordSignIn: field(form, 'passwordSignIn') === 'on' ? 'on' : ''
		};
		try {
			await saveWorkspaceSignIn(db(), runtime().config.sso, workspace.id, user.id, {
				...values,
				clientSecret: field(form, 'clientSecret'),
				passwordSignIn: values.passwordSignIn === 'on'
			});
		} catch (failure) {
			// The secret never goes back into the page.
			return formFailure(failure, { action: 'save', ...values });
		}
		return { action: 'save' as const, message: 'Saved. Staff can sign in with it now.' };
	},

	remove: async (event) => {
		const { workspace } = await adminAccess(event);
		await removeWorkspaceSignIn(db(), workspace.id);
		return { action: 'remove' as const, message: 'Removed. Staff log in with their passwords again.' };
	}
} satisfies Actions;
