import { json } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { notFound } from '$lib/domain/errors';
import { openActivityNotes, requireActivity } from '$lib/server/cycles/activities';
import { cycleResource } from '$lib/server/cycles/cycles';
import { endpoint } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

/** Opens the activity's meeting-notes document (once) and answers its id. */
export const POST = endpoint(async (event) => {
	const actor = await actorFor(requireApiUser(event));
	const found = await requireActivity(db(), event.params.id ?? '').catch(() => null);
	if (!found || !can(actor, 'view', cycleResource(found.cycle))) throw notFound('That activity');
	const { documentId } = await openActivityNotes(db(), actor, found.cycle, found.activity);
	return json({ documentId }, { status: 201 });
});
