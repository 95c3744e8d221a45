// Lanes: each observer's notes, side by side.
import type { ObservationNote } from './model.ts';
import { compare } from './read.ts';

export interface Lane {
	id: string;
	name: string;
	notes: ObservationNote[];
}

/**
 * One lane per observer, ordered by name then id (the same for everyone); each lane's notes keep the
 * shared order. `people` names observers the page knows; a note's own `authorName` covers the rest.
 */
export function lanesOf(
	notes: readonly ObservationNote[],
	people: Readonly<Record<string, string>> = {}
): Lane[] {
	const lanes = new Map<string, Lane>();
	for (const note of notes) {
		let lane = lanes.get(note.lane);
		if (!lane) {
			lane = { id: note.lane, name: '', notes: [] };
			lanes.set(note.lane, lane);
		}
		lane.notes.push(note);
		if (!lane.name) lane.name = people[note.lane] ?? (note.lane === note.author ? note.authorName : '');
	}
	for (const lane of lanes.values()) if (!lane.name) lane.name = people[lane.id] ?? 'Observer';
	return [...lanes.values()].sort(
		(a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id)
	);
}
