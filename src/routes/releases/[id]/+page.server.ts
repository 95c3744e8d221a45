import { AppError } from '$lib/domain/errors';
import { releaseJson, requireRelease } from '$lib/server/releases/releases';
import { actorFor, pageNotFound, requireUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import type { PageServerLoad } from './$types';

/** The frozen snapshot, for its reader and its teacher; anyone else, and the reader after revocation, 404. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const actor = await actorFor(user);
	let release;
	try {
		// Writes the reader's look (or a refused one) to the teacher's ledger.
		release = await requireRelease(db(), actor, event.params.id, 'page');
	} catch (failure) {
		if (failure instanceof AppError && (failure.code === 'not_found' || failure.code === 'forbidden'))
			pageNotFound();
		throw failure;
	}
	const [json, clock] = await Promise.all([
		releaseJson(db(), release),
		workspaceClock(db(), release.workspaceId)
	]);
	return { release: json, isTeacher: user.id === release.teacherId, timeZone: clock.timeZone };
};
