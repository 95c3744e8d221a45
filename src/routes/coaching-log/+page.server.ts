import { dateKeyInZone } from '$lib/domain/activities';
import { weekStartInZone } from '$lib/domain/coaching-log';
import { coachingLogFor } from '$lib/server/dashboards/dashboards';
import { db } from '$lib/server/sveltekit/context';
import type { PageServerLoad } from './$types';
import { coachAccess } from './access';

export const load: PageServerLoad = async (event) => {
	const { user, workspace } = await coachAccess(event);
	const now = new Date();
	const { log } = await coachingLogFor(db(), workspace.id, user.id, { now, timeZone: workspace.timeZone });
	const thisWeek = weekStartInZone(now, workspace.timeZone);
	return {
		workspace: { name: workspace.name },
		timeZone: workspace.timeZone,
		today: dateKeyInZone(now, workspace.timeZone),
		log: {
			totalMinutes: log.totalMinutes,
			activityCount: log.activityCount,
			thisWeekMinutes: log.byWeek.find((w) => w.weekStart === thisWeek)?.minutes ?? 0,
			byType: log.byType,
			byTeacher: log.byTeacher.map(({ teacherId, teacherName, count, minutes }) => ({
				teacherId,
				teacherName,
				count,
				minutes
			})),
			byWeek: log.byWeek.map(({ weekStart, count, minutes }) => ({ weekStart, count, minutes }))
		}
	};
};
