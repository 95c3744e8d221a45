// The browser's half of a provider sign-in: the flow cookie that ties the provider's answer to the browser
// that left for it, and the redirects in and out.
import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { SsoProblem } from '../../domain/sso.ts';
import { ssoLimits } from '../sso/limits.ts';
import { beginSignIn, type SignInFlow } from '../sso/oidc-flow.ts';
import { providerFor, redirectUriFor } from '../sso/providers.ts';
import { SsoError } from '../sso/sso-error.ts';
import { isSecure } from './auth.ts';
import { db, runtime } from './context.ts';

const FLOW_COOKIE = 'tandem_sso_flow';
// Only the callbacks read it. SameSite=Lax: the provider's redirect back is a top-level GET, which carries it.
const FLOW_PATH = '/login/sso';

export function publicOrigin(event: RequestEvent): string {
	return runtime().config.origin ?? event.url.origin;
}

/** Leaves for the provider (a redirect), or returns the reason it cannot be reached. For GET routes. */
export async function startProviderSignIn(
	event: RequestEvent,
	key: string,
	options: { next: string | null; linkUserId?: string | null }
): Promise<SsoProblem> {
	const started = await prepareProviderSignIn(event, key, options);
	if (typeof started === 'string') return started;
	redirect(303, started.toString());
}

/**
 * Sets the flow cookie and returns the provider's address, for a page to offer as a link: the
 * Content-Security-Policy's form-action 'self' rightly stops a form post from being redirected to another
 * site, so a form (Settings' "Link") answers with a page and the person follows a link instead.
 */
export async function prepareProviderSignIn(
	event: RequestEvent,
	key: string,
	options: { next: string | null; linkUserId?: string | null }
): Promise<URL | SsoProblem> {
	try {
		const provider = await providerFor(db(), runtime().config.sso, key);
		const started = await beginSignIn(provider, redirectUriFor(publicOrigin(event), key), options);
		event.cookies.set(FLOW_COOKIE, JSON.stringify(started.flow), {
			path: FLOW_PATH,
			httpOnly: true,
			sameSite: 'lax',
			secure: isSecure(event),
			maxAge: ssoLimits.flowLifetimeSeconds
		});
		return started.url;
	} catch (error) {
		return reportProblem(event, error);
	}
}

/** The flow this browser started, removed as it is read: a second answer finds nothing. */
export function takeFlow(event: RequestEvent): SignInFlow | null {
	const raw = event.cookies.get(FLOW_COOKIE);
	event.cookies.delete(FLOW_COOKIE, {
		path: FLOW_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecure(event)
	});
	if (!raw) return null;
	try {
		const value = JSON.parse(raw) as Partial<SignInFlow>;
		if (typeof value.state !== 'string' || typeof value.codeVerifier !== 'string') return null;
		if (typeof value.nonce !== 'string' || typeof value.provider !== 'string') return null;
		return {
			provider: value.provider,
			state: value.state,
			codeVerifier: value.codeVerifier,
			nonce: value.nonce,
			next: typeof value.next === 'string' ? value.next : null,
			linkUserId: typeof value.linkUserId === 'string' ? value.linkUserId : null
		};
	} catch {
		return null;
	}
}

/** An SsoError's problem, logged by its detail only (no token, code or claim is in it). */
export function reportProblem(event: RequestEvent, error: unknown): SsoProblem {
	if (!(error instanceof SsoError)) throw error;
	console.warn(`[${event.locals.requestId}] sign-in with a provider: ${error.problem} (${error.message})`);
	return error.problem;
}
