// A person signing in through a provider over plain HTTP: follows Tandem's redirect to the provider, types
// a login name into the provider's own login form, continues past consent, and stops at the redirect back
// to Tandem. Tandem's cookies stay in the app's client, the provider's in a jar of its own.
import { HttpClient } from './http-client.ts';

export interface ProviderAnswer {
	/** The address the provider sends the browser back to (Tandem's callback, with code and state). */
	callback: URL;
}

/** Leaves Tandem at `startPath` (GET, or POST with `form`) and returns the provider's answer. */
export async function throughProvider(
	app: HttpClient,
	providerOrigin: string,
	login: string,
	start: { path: string; form?: Record<string, string> }
): Promise<ProviderAnswer> {
	const leaving = start.form ? await app.postForm(start.path, start.form) : await app.request(start.path);
	let location = leaving.headers.get('location');
	// A form's answer is a page with a link to the provider (the CSP's form-action keeps forms on this site).
	if (leaving.status === 200) {
		const href = (await leaving.text()).match(/href="([^"]+)"[^>]*data-continue-to-provider/)?.[1];
		location = href ? href.replaceAll('&amp;', '&') : null;
	}
	if (!location || (leaving.status !== 303 && leaving.status !== 200))
		throw new Error(`Tandem did not send us to the provider: ${leaving.status}`);
	const provider = new HttpClient(providerOrigin, null);
	for (let step = 0; step < 12; step++) {
		const url = new URL(location, providerOrigin);
		if (url.origin === app.baseUrl) return { callback: url };
		const page = await provider.request(url.toString());
		if (page.status === 303 || page.status === 302) {
			location = page.headers.get('location') ?? '';
			continue;
		}
		const html = await page.text();
		const action = html.match(/action="([^"]+)"/)?.[1];
		if (!action) throw new Error(`provider page without a form (${page.status}): ${html.slice(0, 200)}`);
		const fields: Record<string, string> = html.includes('value="login"')
			? { prompt: 'login', login, password: 'any password' }
			: { prompt: 'consent' };
		const submitted = await provider.postForm(new URL(action, url).toString(), fields);
		location = submitted.headers.get('location') ?? '';
		if (!location) throw new Error(`provider form answered ${submitted.status}`);
	}
	throw new Error('too many redirects at the provider');
}

/** Where Tandem sends the browser after the callback (path and query). */
export async function returnToTandem(app: HttpClient, answer: ProviderAnswer): Promise<URL> {
	const response = await app.request(answer.callback.pathname + answer.callback.search);
	const location = response.headers.get('location');
	if (response.status !== 303 || !location) throw new Error(`callback answered ${response.status}`);
	return new URL(location, app.baseUrl);
}
