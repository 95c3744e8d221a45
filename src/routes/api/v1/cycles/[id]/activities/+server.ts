import { json } from '@sveltejs/kit';
import {
	activitiesJson,
	listCycleActivities,
	requireActivity,
	scheduleActivity
} from '$lib/server/cycles/activities';
import { assertParticipant } from '$lib/server/cycles/cycles';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

export const GET = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	assertParticipant(actor, cycle);
	return json({ activities: await activitiesJson(db(), await listCycleActivities(db(), actor, cycle)) });
});

/** `{ type, startsAt (ISO), durationMinutes, title?, location?, participantIds?, documentIds?, openNotes? }` */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	const activity = await scheduleActivity(db(), actor, cycle, await readJson(event));
	const { activity: stored } = await requireActivity(db(), activity.id);
	const [created] = await activitiesJson(db(), [
		{ activity: stored, cycleTitle: cycle.title, readsContent: true }
	]);
	return json(created, { status: 201 });
});
