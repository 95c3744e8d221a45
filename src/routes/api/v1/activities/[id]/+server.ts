import { json } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { notFound } from '$lib/domain/errors';
import {
	activitiesJson,
	cancelActivity,
	requireActivity,
	updateActivity
} from '$lib/server/cycles/activities';
import { cycleResource } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

async function authorizeActivity(event: Parameters<Parameters<typeof endpoint>[0]>[0]) {
	const actor = await actorFor(requireApiUser(event));
	const found = await requireActivity(db(), event.params.id ?? '').catch(() => null);
	// An activity is its cycle's: whoever may not view the cycle does not learn the activity exists.
	if (!found || !can(actor, 'view', cycleResource(found.cycle))) throw notFound('That activity');
	return { actor, ...found };
}

/** `type`, `title`, `startsAt`, `durationMinutes`, `location`. */
export const PATCH = endpoint(async (event) => {
	const { actor, activity, cycle } = await authorizeActivity(event);
	const updated = await updateActivity(db(), actor, cycle, activity, await readJson(event));
	const [body] = await activitiesJson(db(), [
		{ activity: updated, cycleTitle: cycle.title, readsContent: true }
	]);
	return json(body);
});

/** Cancels the activity: calendars are told, the coaching log stops counting it. */
export const DELETE = endpoint(async (event) => {
	const { actor, activity, cycle } = await authorizeActivity(event);
	await cancelActivity(db(), actor, cycle, activity);
	return new Response(null, { status: 204 });
});
