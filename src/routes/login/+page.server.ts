import { fail, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { isSsoProblem, ssoProblemMessage } from '$lib/domain/sso';
import { authenticate } from '$lib/server/accounts/accounts';
import { clientIp } from '$lib/server/auth/client-ip';
import { createSession } from '$lib/server/auth/sessions';
import { builtInProviders } from '$lib/server/sso/providers';
import { anyWorkspaceSignIn, readWorkspaceSignIn } from '$lib/server/sso/workspace-sign-in';
import { isId } from '$lib/domain/validation/ids';
import { setSessionCookie } from '$lib/server/sveltekit/auth';
import { db, loginLimiter, runtime } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import { safeNext } from '$lib/server/sveltekit/safe-next';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next ?? '/');
	const problem = url.searchParams.get('sso');
	return {
		next,
		passwordReset: url.searchParams.get('reset') === 'done',
		signedOut: url.searchParams.get('signed_out') === '1',
		providers: builtInProviders(runtime().config.sso),
		schoolSignIn: await anyWorkspaceSignIn(db()),
		ssoMessage: isSsoProblem(problem) ? ssoProblemMessage(problem) : null,
		// Found from a school email (login/sso): the provider to continue to.
		school: await schoolProvider(url.searchParams.get('school'))
	};
};

async function schoolProvider(workspaceId: string | null) {
	if (!workspaceId || !isId(workspaceId)) return null;
	const settings = await readWorkspaceSignIn(db(), workspaceId);
	return settings ? { key: workspaceId, label: settings.displayName } : null;
}

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = field(form, 'email');
		const next = safeNext(field(form, 'next'), event.url.origin);
		const ip = clientIp(event.getClientAddress(), event.request.headers, runtime().config.trustProxy);

		let user;
		try {
			user = await authenticate(db(), loginLimiter(), { email, password: field(form, 'password'), ip });
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			// One generic answer for a wrong email or password; the throttle's message carries the wait.
			const status = error.code === 'rate_limited' ? 429 : error.code === 'forbidden' ? 403 : 400;
			return fail(status, { message: error.message, email, next });
		}

		const { token, session } = await createSession(db(), user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, next ?? '/');
	}
} satisfies Actions;
