// Showing observation times and tool colours to people.
import { formatDuration } from '$lib/format/observation';

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** "9:04 AM" in the viewer's own zone: when it happened, by the room's clock. */
export function clockTime(iso: string | null): string {
	if (!iso) return '';
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? '' : clockFormat.format(date);
}

/** "+3:20" from the start of the observation. */
export function offsetLabel(offsetMs: number | null): string {
	return offsetMs === null ? '' : `+${formatDuration(offsetMs)}`;
}

/** "5–10 min" for a five-minute bucket starting at `startMs`. */
export function bucketLabel(startMs: number, sizeMs: number): string {
	const from = Math.round(startMs / 60_000);
	return `${from}–${from + Math.round(sizeMs / 60_000)} min`;
}

// Series colours, each at least 3:1 against white (WCAG non-text contrast), in an order that keeps
// neighbours apart for the common colour-vision deficiencies (blue, orange first).
export const SERIES_COLOURS = [
	'#1d4ed8', // blue-700
	'#c2410c', // orange-700
	'#15803d', // green-700
	'#7e22ce', // purple-700
	'#be185d', // pink-700
	'#0f766e', // teal-700
	'#92400e', // amber-800
	'#475569', // slate-600
	'#b91c1c', // red-700
	'#4338ca', // indigo-700
	'#3f6212', // lime-800
	'#155e75' // cyan-800
] as const;

export function seriesColour(index: number): string {
	return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}

/** Ids from the document can hold anything: escaped so element ids stay valid tokens. */
export function safeId(value: string): string {
	return value.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.charCodeAt(0).toString(16)}_`);
}

export const fieldClass =
	'min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 aria-invalid:border-2 aria-invalid:border-red-700';
export const labelClass = 'text-sm font-semibold text-slate-900';

export function messageOf(failure: unknown): string {
	return failure instanceof Error ? failure.message : 'That change could not be made. Try again.';
}
