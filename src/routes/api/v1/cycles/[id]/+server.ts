import { json } from '@sveltejs/kit';
import { activitiesJson, listCycleActivities } from '$lib/server/cycles/activities';
import { cycleJson, stageHistory, updateCycleDetails } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** The cycle with its documents (participants only), stage history and activities. */
export const GET = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const [body, history, rows] = await Promise.all([
		cycleJson(db(), actor, cycle),
		stageHistory(db(), actor, cycle),
		listCycleActivities(db(), actor, cycle)
	]);
	const readable = new Set((body.documents ?? []).map((d) => d.id));
	const activities = await activitiesJson(db(), rows, (id) => readable.has(id));
	return json({
		...body,
		stageHistory: history,
		activities
	});
});

/** Title, focus, `startDate`, `targetDate`, `archived`. */
export const PATCH = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const updated = await updateCycleDetails(db(), actor, cycle, await readJson(event));
	return json(await cycleJson(db(), actor, updated));
});
