import { redirect } from '@sveltejs/kit';
import { dateKeyInZone, mondayOf, startOfDayInZone, weekRange } from '$lib/domain/activities';
import { addDays, isCalendarDate } from '$lib/domain/calendar-date';
import { feedPath, hasCalendarFeed, rotateCalendarFeed, stopCalendarFeed } from '$lib/server/calendar/feeds';
import { activitiesJson, listActivitiesFor } from '$lib/server/cycles/activities';
import { viewableCycleIds } from '$lib/server/cycles/cycles';
import { requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');
	const timeZone = current.timeZone;

	const today = dateKeyInZone(new Date(), timeZone);
	const asked = event.url.searchParams.get('week');
	const monday = mondayOf(isCalendarDate(asked) ? asked : today);
	const week = weekRange(startOfDayInZone(monday, timeZone), timeZone);

	const rows = await listActivitiesFor(db(), actor, {
		from: week.start,
		to: week.end,
		workspaceId: current.id,
		includeCancelled: true
	});
	// Times and titles only: the calendar links to documents from nowhere.
	const activities = await activitiesJson(db(), rows, () => false);
	const openable = await viewableCycleIds(
		db(),
		actor,
		activities.map((a) => a.cycleId)
	);

	return {
		workspace: { name: current.name },
		timeZone,
		today,
		week: {
			start: monday,
			previous: addDays(monday, -7),
			next: addDays(monday, 7),
			current: mondayOf(today),
			days: week.days.map((date) => ({
				date,
				activities: activities
					.filter((a) => dateKeyInZone(new Date(a.startsAt), timeZone) === date)
					.map((a) => ({
						id: a.id,
						cycleId: a.cycleId,
						cycleTitle: a.cycleTitle,
						canOpenCycle: openable.has(a.cycleId),
						typeLabel: a.typeLabel,
						title: a.title,
						startsAt: a.startsAt,
						endsAt: a.endsAt,
						location: a.location,
						cancelled: a.cancelled
					}))
			}))
		},
		feed: { exists: await hasCalendarFeed(db(), user.id) }
	};
};

export const actions = {
	// One action for "create" and "replace": a new address always retires the old one.
	rotateFeed: async (event) => {
		const user = requireUser(event);
		const replaced = await hasCalendarFeed(db(), user.id);
		const token = await rotateCalendarFeed(db(), user.id);
		// Shown this once: only the token's hash is stored.
		return { action: 'rotateFeed' as const, feedUrl: `${event.url.origin}${feedPath(token)}`, replaced };
	},

	stopFeed: async (event) => {
		const user = requireUser(event);
		await stopCalendarFeed(db(), user.id);
		return {
			action: 'stopFeed' as const,
			message: 'Your calendar is no longer shared. Calendars subscribed to the old address stop updating.'
		};
	}
} satisfies Actions;
