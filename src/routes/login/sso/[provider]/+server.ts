import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/server/sveltekit/safe-next';
import { startProviderSignIn } from '$lib/server/sveltekit/sso';
import type { RequestHandler } from './$types';

// "Sign in with Google": a plain link, so it works without JavaScript. Leaving for a provider changes nothing here.
export const GET: RequestHandler = async (event) => {
	const next = safeNext(event.url.searchParams.get('next'), event.url.origin);
	const problem = await startProviderSignIn(event, event.params.provider, { next });
	redirect(303, `/login?sso=${problem}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
};
