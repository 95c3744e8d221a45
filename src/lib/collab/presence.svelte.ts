// Who else has the document open, from awareness. The server stamps each client's `user` from the session
// (docs/design.md §4), so ids, names and roles here can be trusted; a state without a stamped id is skipped.
import { SvelteMap } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

export type PresenceRole = 'editor' | 'viewer';

export interface Person {
	id: string;
	name: string;
	color: string;
	role: PresenceRole;
	/** No awareness change (typing, moving the caret) from any of their tabs for `IDLE_AFTER_MS`. */
	idle: boolean;
}

export const presenceTimings = {
	idleAfterMs: 60_000,
	reevaluateEveryMs: 10_000
} as const;

interface StampedUser {
	id: string;
	name: string;
	color: string;
	role: PresenceRole;
}

function stampedUser(state: Record<string, unknown> | undefined): StampedUser | null {
	const user = state?.user as Partial<StampedUser> | undefined;
	if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return null;
	return {
		id: user.id,
		name: user.name,
		color: typeof user.color === 'string' ? user.color : '#334155',
		role: user.role === 'viewer' ? 'viewer' : 'editor'
	};
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

export class Presence {
	#awareness: Awareness;
	#selfId: string;
	/** When each client's awareness state last changed (heartbeats that change nothing do not count). */
	#lastActive = new SvelteMap<number, number>();
	#states = $state.raw<[number, Record<string, unknown>][]>([]);
	#now = $state(Date.now());
	#timer: ReturnType<typeof setInterval>;

	/** Everyone else in the document, one entry per person however many tabs they have open. */
	readonly people: Person[] = $derived.by(() => {
		const people: Person[] = [];
		for (const [clientId, state] of this.#states) {
			if (clientId === this.#awareness.clientID) continue;
			const user = stampedUser(state);
			if (!user || user.id === this.#selfId) continue;
			const idle = this.#now - (this.#lastActive.get(clientId) ?? this.#now) >= presenceTimings.idleAfterMs;
			const known = people.find((person) => person.id === user.id);
			if (!known) {
				people.push({ ...user, idle });
				continue;
			}
			// Active in any tab is active; allowed to edit in any tab is an editor.
			known.idle = known.idle && idle;
			if (user.role === 'editor') known.role = 'editor';
		}
		return people.sort((a, b) => Number(a.idle) - Number(b.idle) || a.name.localeCompare(b.name));
	});

	constructor(awareness: Awareness, { selfId }: { selfId: string }) {
		this.#awareness = awareness;
		this.#selfId = selfId;
		const now = Date.now();
		for (const clientId of awareness.getStates().keys()) this.#lastActive.set(clientId, now);
		this.#states = [...awareness.getStates()];
		awareness.on('change', this.#onChange);
		this.#timer = setInterval(() => (this.#now = Date.now()), presenceTimings.reevaluateEveryMs);
	}

	destroy(): void {
		this.#awareness.off('change', this.#onChange);
		clearInterval(this.#timer);
	}

	#onChange = ({ added, updated, removed }: AwarenessChange) => {
		const now = Date.now();
		for (const clientId of [...added, ...updated]) this.#lastActive.set(clientId, now);
		for (const clientId of removed) this.#lastActive.delete(clientId);
		this.#now = now;
		this.#states = [...this.#awareness.getStates()];
	};
}
