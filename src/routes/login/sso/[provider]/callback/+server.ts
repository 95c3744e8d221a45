import { redirect } from '@sveltejs/kit';
import type { SsoProblem } from '$lib/domain/sso';
import { createSession } from '$lib/server/auth/sessions';
import { linkIdentity, resolveSignIn } from '$lib/server/sso/identities';
import { finishSignIn } from '$lib/server/sso/oidc-flow';
import { providerFor, redirectUriFor } from '$lib/server/sso/providers';
import { SsoError } from '$lib/server/sso/sso-error';
import { setSessionCookie } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { safeNext } from '$lib/server/sveltekit/safe-next';
import { publicOrigin, reportProblem, takeFlow } from '$lib/server/sveltekit/sso';
import type { RequestHandler } from './$types';

// The provider sends the person back here. A sign-in ends in the same session as a password log-in
// (createSession), so the socket, revocation and the ledger treat both alike.
export const GET: RequestHandler = async (event) => {
	const key = event.params.provider;
	const flow = takeFlow(event);
	const linking = flow?.linkUserId ?? null;
	let destination: string;
	try {
		const provider = await providerFor(db(), runtime().config.sso, key);
		const identity = await finishSignIn(
			provider,
			flow,
			redirectUriFor(publicOrigin(event), key),
			event.url.searchParams
		);
		if (linking) {
			// The link was asked for by this browser's signed-in person, after their password.
			if (event.locals.user?.id !== linking)
				throw new SsoError('state', 'linking browser is signed in as someone else');
			await linkIdentity(db(), linking, provider, identity);
			destination = `/settings?linked=${encodeURIComponent(provider.label)}#sign-in-methods`;
		} else {
			const { userId } = await resolveSignIn(db(), provider, identity);
			const { token, session } = await createSession(db(), userId);
			setSessionCookie(event, token, session.expiresAt);
			destination = safeNext(flow?.next, event.url.origin) ?? '/';
		}
	} catch (error) {
		const problem: SsoProblem = reportProblem(event, error);
		destination = linking ? `/settings?sso=${problem}#sign-in-methods` : `/login?sso=${problem}`;
	}
	redirect(303, destination);
};
