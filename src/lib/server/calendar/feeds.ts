// Each person's calendar feed lives at a secret address (/calendar/<token>.ics) that Google and Outlook
// poll without a session. Only the token's hash is stored; a new address retires the old one.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { activityTypeLabels, type ActivityType } from '../../domain/activities.ts';
import { present } from '../../domain/content-classification.ts';
import { renderCalendar, type CalendarEvent } from '../../domain/ics.ts';
import { loadActor } from '../access.ts';
import type { Db } from '../db/client.ts';
import { calendarFeeds, users } from '../db/schema.ts';
import { listActivitiesFor } from '../cycles/activities.ts';

const FEED_TOKEN_PATTERN = /^cal_[a-z2-7]{32}$/;
// Calendars only need what is near: a term back, a year ahead.
const FEED_PAST_DAYS = 120;
const FEED_FUTURE_DAYS = 400;

function hashFeedToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function feedPath(token: string): string {
	return `/calendar/${token}.ics`;
}

/** Creates (or replaces) the person's feed address and returns its token, shown to them once per visit. */
export async function rotateCalendarFeed(db: Db, userId: string): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = `cal_${encodeBase32LowerCaseNoPadding(bytes)}`;
	const tokenHash = hashFeedToken(token);
	await db
		.insert(calendarFeeds)
		.values({ userId, tokenHash })
		.onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: new Date() } });
	return token;
}

export async function hasCalendarFeed(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: calendarFeeds.userId })
		.from(calendarFeeds)
		.where(eq(calendarFeeds.userId, userId));
	return row !== undefined;
}

export async function stopCalendarFeed(db: Db, userId: string): Promise<void> {
	await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}

/** The feed for a token, or null when the token is unknown (answer 404 without saying more). */
export async function renderFeed(
	db: Db,
	token: string,
	origin: string,
	now = new Date()
): Promise<string | null> {
	if (!FEED_TOKEN_PATTERN.test(token)) return null;
	const [owner] = await db
		.select({ id: users.id, name: users.name })
		.from(calendarFeeds)
		.innerJoin(users, eq(users.id, calendarFeeds.userId))
		.where(eq(calendarFeeds.tokenHash, hashFeedToken(token)));
	if (!owner) return null;
	const day = 24 * 60 * 60 * 1000;
	const rows = await listActivitiesFor(db, await loadActor(db, owner.id), {
		from: new Date(now.getTime() - FEED_PAST_DAYS * day),
		to: new Date(now.getTime() + FEED_FUTURE_DAYS * day),
		includeCancelled: true
	});
	const events: CalendarEvent[] = rows.map(({ activity, cycleTitle, readsContent }) => {
		const kind = activityTypeLabels[activity.type as ActivityType] ?? activity.type;
		// Titles and times only: a calendar is not the place for coaching content. Someone invited from
		// outside the pair learns the kind and the time; the words stay with the pair.
		const event = present(
			'calendarEvent',
			{
				uid: activity.id,
				start: activity.startsAt,
				durationMinutes: activity.durationMinutes,
				summary: activity.title,
				description: `${kind} · ${cycleTitle}`,
				location: activity.location,
				url: `${origin}/cycles/${activity.cycleId}`,
				updatedAt: activity.updatedAt,
				cancelled: activity.cancelledAt !== null,
				sequence: activity.sequence
			},
			readsContent
		);
		return { ...event, summary: event.summary ?? kind };
	});
	return renderCalendar({ name: `Tandem · ${owner.name}`, events, now });
}
