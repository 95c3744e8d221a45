import { error } from '@sveltejs/kit';
import { renderFeed } from '$lib/server/calendar/feeds';
import { db } from '$lib/server/sveltekit/context';
import type { RequestHandler } from './$types';

/** A person's activities as iCalendar, at a secret address calendar apps poll without a session. */
export const GET: RequestHandler = async ({ params, url }) => {
	const token = params.feed.endsWith('.ics') ? params.feed.slice(0, -4) : '';
	const body = token ? await renderFeed(db(), token, url.origin) : null;
	if (body === null) error(404, { message: 'Not found', code: 'not_found' });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, max-age=300',
			// The address is the secret: keep it out of referrers and search engines.
			'referrer-policy': 'no-referrer',
			'x-robots-tag': 'noindex'
		}
	});
};
