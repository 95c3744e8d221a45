import { json } from '@sveltejs/kit';
import { feedPath, rotateCalendarFeed, stopCalendarFeed } from '$lib/server/calendar/feeds';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/** A new secret calendar address for me (the old one stops working): `{ "url" }`, shown once. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const token = await rotateCalendarFeed(db(), user.id);
	return json({ url: `${event.url.origin}${feedPath(token)}` }, { status: 201 });
});

/** Stops my calendar feed. */
export const DELETE = endpoint(async (event) => {
	await stopCalendarFeed(db(), requireApiUser(event).id);
	return new Response(null, { status: 204 });
});
