import { fail, redirect } from '@sveltejs/kit';
import {
	DEFAULT_TOKEN_DAYS,
	createAccessToken,
	listAccessTokens,
	parseTokenLifetime,
	revokeAccessToken
} from '$lib/server/auth/access-tokens';
import { signOutEverywhere } from '$lib/server/auth/sign-out';
import { changePassword } from '$lib/server/accounts/password-change';
import { clientIp } from '$lib/server/auth/client-ip';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { deleteSessionCookie, requireUser } from '$lib/server/sveltekit/auth';
import { db, loginLimiter, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { isSsoProblem, ssoProblemMessage } from '$lib/domain/sso';
import { confirmPassword } from '$lib/server/accounts/confirm-password';
import { unlinkIdentity } from '$lib/server/sso/identities';
import { signInMethodsFor } from '$lib/server/sso/sign-in-methods';
import { prepareProviderSignIn } from '$lib/server/sveltekit/sso';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		account: { name: user.name, email: user.email },
		tokens: await listAccessTokens(db(), user.id),
		defaultTokenDays: DEFAULT_TOKEN_DAYS,
		passwordMinLength: MIN_PASSWORD_LENGTH,
		signInMethods: await signInMethodsFor(db(), runtime().config.sso, user.id),
		// The provider's answer comes back as a redirect to this page (login/sso/[provider]/callback).
		linkResult: linkResult(event.url.searchParams)
	};
};

function linkResult(query: URLSearchParams): { tone: 'success' | 'error'; text: string } | null {
	const linked = query.get('linked');
	if (linked)
		return { tone: 'success', text: `${linked.slice(0, 60)} is linked. You can sign in with it now.` };
	const problem = query.get('sso');
	return isSsoProblem(problem) ? { tone: 'error', text: ssoProblemMessage(problem) } : null;
}

export const actions = {
	createToken: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const name = field(form, 'name');
		try {
			const { token, record } = await createAccessToken(db(), user.id, name, {
				lifetimeDays: parseTokenLifetime(field(form, 'expiresInDays'))
			});
			// Shown this once: only the token's hash is stored.
			return { action: 'createToken' as const, created: { token, name: record.name } };
		} catch (failure) {
			return formFailure(failure, { action: 'createToken', name });
		}
	},

	revokeToken: async (event) => {
		const user = requireUser(event);
		const tokenId = field(await event.request.formData(), 'tokenId');
		const [token] = (await listAccessTokens(db(), user.id)).filter((t) => t.id === tokenId);
		if (!token || !(await revokeAccessToken(db(), runtime().collaboration, user.id, tokenId))) {
			return fail(404, {
				message: 'That token was not found. It may have been revoked already.',
				errors: {},
				values: { action: 'revokeToken' }
			});
		}
		return { action: 'revokeToken' as const, message: `“${token.name}” was revoked. It no longer works.` };
	},

	changePassword: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		let ended;
		try {
			ended = await changePassword(db(), runtime().collaboration, loginLimiter(), {
				userId: user.id,
				email: user.email,
				currentPassword: field(form, 'currentPassword'),
				newPassword: field(form, 'newPassword'),
				keepSessionId: event.locals.sessionId,
				ip: clientIp(event.getClientAddress(), event.request.headers, runtime().config.trustProxy)
			});
		} catch (failure) {
			// No password goes back into the form.
			return formFailure(failure, { action: 'changePassword' });
		}
		const others = ended.length === 1 ? '1 other session was' : `${ended.length} other sessions were`;
		return { action: 'changePassword' as const, message: `Password changed. ${others} signed out.` };
	},

	linkProvider: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		try {
			await confirmPassword(db(), loginLimiter(), {
				userId: user.id,
				email: user.email,
				password: field(form, 'password'),
				ip: clientIp(event.getClientAddress(), event.request.headers, runtime().config.trustProxy)
			});
		} catch (failure) {
			return formFailure(failure, { action: 'linkProvider' });
		}
		const started = await prepareProviderSignIn(event, field(form, 'provider'), {
			next: null,
			linkUserId: user.id
		});
		if (typeof started === 'string')
			return fail(503, {
				message: ssoProblemMessage(started),
				errors: {},
				values: { action: 'linkProvider' }
			});
		return { action: 'linkProvider' as const, continueTo: started.toString() };
	},

	unlinkProvider: async (event) => {
		const user = requireUser(event);
		const identityId = field(await event.request.formData(), 'identityId');
		if (!(await unlinkIdentity(db(), user.id, identityId))) {
			return fail(404, {
				message: 'That sign-in method was not found. It may have been unlinked already.',
				errors: {},
				values: { action: 'unlinkProvider' }
			});
		}
		return { action: 'unlinkProvider' as const, message: 'Unlinked. It no longer signs you in to Tandem.' };
	},

	signOutEverywhere: async (event) => {
		const user = requireUser(event);
		const revokeTokens = field(await event.request.formData(), 'revokeTokens') === 'on';
		await signOutEverywhere(db(), runtime().collaboration, user.id, { revokeTokens });
		deleteSessionCookie(event.cookies, event);
		redirect(303, '/login');
	}
} satisfies Actions;
