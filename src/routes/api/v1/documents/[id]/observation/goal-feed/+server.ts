import { json } from '@sveltejs/kit';
import { sendToolToGoal, stopToolFeed } from '$lib/server/observations/goal-feed';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/**
 * `{ toolId, measure?: 'count' | 'percent', code?, date? }`: the tool's count or percentage becomes a
 * measurement of the cycle's goal (source `observation:<id>:<toolId>`), kept up to date as taps arrive.
 */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document, actor } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	const body = await readJson(event);
	const result = await sendToolToGoal(db(), runtime().collaboration, actor, document, body);
	return json(result);
});

/** `?toolId=`: the tool stops feeding the goal, and its measurement leaves the goal. */
export const DELETE = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document, actor } = await authorizeDocument(user, event.params.id ?? '', 'write', 'api');
	await stopToolFeed(
		db(),
		runtime().collaboration,
		actor,
		document,
		event.url.searchParams.get('toolId') ?? ''
	);
	return new Response(null, { status: 204 });
});
