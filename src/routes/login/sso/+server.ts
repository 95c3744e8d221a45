import { redirect } from '@sveltejs/kit';
import { email as emailSchema } from '$lib/domain/validation/accounts';
import { workspaceForEmail } from '$lib/server/sso/workspace-sign-in';
import { db } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import { safeNext } from '$lib/server/sveltekit/safe-next';
import type { RequestHandler } from './$types';

// "Sign in with your school account": the email's domain names the workspace whose provider to use.
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const next = safeNext(field(form, 'next'), event.url.origin);
	const back = (problem: string) => `/login?sso=${problem}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
	const parsed = emailSchema.safeParse(field(form, 'email'));
	const workspaceId = parsed.success ? await workspaceForEmail(db(), parsed.data) : null;
	if (!workspaceId) redirect(303, back('no_school_provider'));
	// Back to the login page, which offers the provider as a link: form-action 'self' (the CSP) stops a form
	// post from being redirected to another site.
	redirect(303, `/login?school=${workspaceId}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
};
