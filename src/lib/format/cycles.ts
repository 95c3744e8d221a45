// Showing cycle facts to people: calendar dates, instants in the workspace's time zone, durations and the
// readable names of stages, statuses and outcomes. A fixed locale, so server and browser render alike.
import { activityTypeLabels, isActivityType } from '../domain/activities.ts';
import {
	cycleOutcomeLabels,
	cycleStageLabels,
	cycleStatusLabels,
	isCycleOutcome,
	isCycleStage,
	isCycleStatus
} from '../domain/cycle-stages.ts';

const LOCALE = 'en-US';
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	let format = cache.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(LOCALE, options);
		cache.set(key, format);
	}
	return format;
}

/** A 'YYYY-MM-DD' calendar date. It has no time zone, so it is formatted as UTC (never a day early). */
export function formatDate(date: string | null, style: 'medium' | 'long' = 'medium'): string {
	if (!date) return '';
	const instant = new Date(`${date}T00:00:00Z`);
	if (Number.isNaN(instant.getTime())) return date;
	return formatter(`date:${style}`, { dateStyle: style, timeZone: 'UTC' }).format(instant);
}

/** A weekday and day of a calendar date, e.g. "Monday, Mar 3". */
export function formatDayHeading(date: string): string {
	const instant = new Date(`${date}T00:00:00Z`);
	return formatter('day-heading', {
		weekday: 'long',
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC'
	}).format(instant);
}

/** An instant as the workspace's clocks show it, e.g. "Tue, Mar 4, 9:30 AM". */
export function formatDateTime(iso: string, timeZone: string): string {
	return formatter(`datetime:${timeZone}`, {
		timeZone,
		weekday: 'short',
		month: 'short',
		day: 'numeric',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit'
	}).format(new Date(iso));
}

/** The time of day of an instant in the workspace's zone, e.g. "9:30 AM". */
export function formatTime(iso: string, timeZone: string): string {
	return formatter(`time:${timeZone}`, { timeZone, hour: 'numeric', minute: '2-digit' }).format(
		new Date(iso)
	);
}

/** Time spent, e.g. "2.5 hours"; under an hour in minutes ("45 min"), where tenths of an hour mislead. */
export function formatHours(minutes: number): string {
	if (minutes > 0 && minutes < 60) return `${minutes} min`;
	const hours = Math.round((minutes / 60) * 10) / 10;
	return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** A duration for one activity, e.g. "45 min" or "1 h 30 min". */
export function formatDuration(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return `${rest} min`;
	return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function stageLabel(stage: string): string {
	return isCycleStage(stage) ? cycleStageLabels[stage] : stage;
}

export function statusLabel(status: string): string {
	if (status === 'declined') return 'Declined';
	return isCycleStatus(status) ? cycleStatusLabels[status] : status;
}

export function outcomeLabel(outcome: string | null): string {
	return outcome && isCycleOutcome(outcome) ? cycleOutcomeLabels[outcome] : '';
}

export function activityTypeLabel(type: string): string {
	return isActivityType(type) ? activityTypeLabels[type] : type;
}

export function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/**
 * What to call a cycle: its title for the pair; for readers of its metadata only (an admin), who never get
 * the title, the people it pairs, which are metadata.
 */
export function cycleLabel(cycle: {
	title?: string;
	coach: { name: string };
	teacher: { name: string };
}): string {
	return cycle.title ?? `${cycle.coach.name} coaching ${cycle.teacher.name}`;
}

/** What to call an activity: its title for those who read it, its kind for everyone else. */
export function activityLabel(activity: { title?: string; typeLabel: string }): string {
	return activity.title ?? activity.typeLabel;
}
