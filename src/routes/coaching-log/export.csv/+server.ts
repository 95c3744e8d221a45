import { dateKeyInZone } from '$lib/domain/activities';
import { coachingLogCsv } from '$lib/domain/coaching-log';
import { coachingLogFor } from '$lib/server/dashboards/dashboards';
import { db } from '$lib/server/sveltekit/context';
import { coachAccess } from '../access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { user, workspace } = await coachAccess(event);
	const now = new Date();
	const clock = { now, timeZone: workspace.timeZone };
	const { activities } = await coachingLogFor(db(), workspace.id, user.id, clock);
	const today = dateKeyInZone(now, workspace.timeZone);
	return new Response(coachingLogCsv(activities, clock), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="coaching-log-${today}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
