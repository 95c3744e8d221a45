// What an admin types to set up the workspace's own sign-in provider.
import { z } from 'zod';
import { text } from './text.ts';

export const MAX_ALLOWED_DOMAINS = 20;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const providerDisplayName = text({
	min: 1,
	max: 60,
	message: 'Name the provider as staff know it (1 to 60 characters), e.g. “ClassLink”.'
});

export const clientId = text({ min: 1, max: 300, message: 'Enter the client id the provider gave you.' });

/** Comma-, space- or line-separated domains, lower-cased, without duplicates; at least one. */
export const allowedDomains = z.preprocess(
	(raw) =>
		typeof raw === 'string'
			? [
					...new Set(
						raw
							.toLowerCase()
							.split(/[\s,;]+/)
							.map((d) => d.replace(/^@/, ''))
							.filter(Boolean)
					)
				]
			: raw,
	z
		.array(z.string().regex(DOMAIN, { error: 'Each allowed domain looks like district.org.' }))
		.min(1, { error: 'Name at least one email domain, e.g. district.org.' })
		.max(MAX_ALLOWED_DOMAINS, { error: `At most ${MAX_ALLOWED_DOMAINS} domains.` })
);

/** An issuer is an https URL without query or fragment; plain http only where the tests allow it. */
export function issuerUrl(allowHttp: boolean) {
	const message = allowHttp
		? 'Enter the issuer URL, e.g. https://launchpad.classlink.com.'
		: 'Enter the issuer URL over https, e.g. https://launchpad.classlink.com.';
	return z
		.string({ error: message })
		.transform((raw) => raw.trim().replace(/\/+$/, ''))
		.refine(
			(raw) => {
				try {
					const url = new URL(raw);
					const scheme = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
					return scheme && !url.search && !url.hash && !url.username && !url.password;
				} catch {
					return false;
				}
			},
			{ error: message }
		);
}
