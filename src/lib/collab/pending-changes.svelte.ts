// How many of this device's notes and taps are waiting for the server, as runes, for the offline banner.
// See pending-changes.ts for how they are counted; this class feeds it from the provider and keeps the
// server's last known state vector beside the document's offline copy (y-indexeddb's custom store), so
// that it goes when the copy goes (sign-out, revoked access) and survives a reload while offline.
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import {
	advance,
	countPending,
	decodeVector,
	describePending,
	emptyVector,
	encodeVector,
	movedBy,
	type PendingCount,
	type StateVector
} from './pending-changes.ts';

const ACKED_KEY = 'tandem:acked-state-vector';
const RECOUNT_MS = 60;
const SAVE_MS = 400;

export interface PendingSources {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	persistence: IndexeddbPersistence;
}

export class PendingChanges {
	#doc: Y.Doc;
	#provider: HocuspocusProvider;
	#persistence: IndexeddbPersistence;
	#acked: StateVector = emptyVector();
	#recountTimer: ReturnType<typeof setTimeout> | null = null;
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	#destroyed = false;

	#count = $state<PendingCount>({ notes: 0, taps: 0, otherContent: false });
	#unsent = $state(0);
	#known = $state(false);

	/** False until the server's last known state has been read from this device. */
	get known(): boolean {
		return this.#known;
	}
	get notes(): number {
		return this.#count.notes;
	}
	get taps(): number {
		return this.#count.taps;
	}
	/** Notes and taps waiting. */
	readonly total = $derived(this.#count.notes + this.#count.taps);
	/** "3 notes and 5 taps", "changes", or null when nothing is waiting (or it is not known yet). */
	readonly description: string | null = $derived(
		this.#known ? describePending(this.#count, this.#unsent) : null
	);

	constructor({ doc, provider, persistence }: PendingSources) {
		this.#doc = doc;
		this.#provider = provider;
		this.#persistence = persistence;
		this.#unsent = provider.unsyncedChanges;
		doc.on('afterTransaction', this.#onTransaction);
		provider.on('unsyncedChanges', this.#onProviderChange);
		provider.on('synced', this.#onProviderChange);
		void persistence
			.get(ACKED_KEY)
			.then((raw: unknown) => {
				if (this.#destroyed) return;
				const stored = decodeVector(raw);
				if (stored) this.#acked = advance(stored, this.#acked);
				this.#known = true;
				this.#onProviderChange();
				this.#scheduleRecount();
			})
			.catch(() => {
				// No IndexedDB (private mode): count from what this page has seen.
				if (this.#destroyed) return;
				this.#known = true;
				this.#scheduleRecount();
			});
		this.#onProviderChange();
	}

	destroy(): void {
		this.#destroyed = true;
		this.#doc.off('afterTransaction', this.#onTransaction);
		this.#provider.off('unsyncedChanges', this.#onProviderChange);
		this.#provider.off('synced', this.#onProviderChange);
		if (this.#recountTimer) clearTimeout(this.#recountTimer);
		if (this.#saveTimer) {
			clearTimeout(this.#saveTimer);
			this.#save();
		}
	}

	/** What arrives from the server is on the server: only the clients it moved forward, as far as it did. */
	#onTransaction = (transaction: Y.Transaction) => {
		if (transaction.origin === this.#provider) this.#setAcked(advance(this.#acked, movedBy(transaction)));
		this.#scheduleRecount();
	};

	/** Every change sent has been acknowledged: the server has all this device has. */
	#onProviderChange = () => {
		this.#unsent = this.#provider.unsyncedChanges;
		if (this.#provider.isSynced && this.#provider.unsyncedChanges === 0) {
			this.#setAcked(advance(this.#acked, Y.decodeStateVector(Y.encodeStateVector(this.#doc))));
		}
		this.#scheduleRecount();
	};

	#setAcked(next: StateVector) {
		if (next === this.#acked) return;
		this.#acked = next;
		// Only once the stored vector was read: saving earlier would overwrite it with less.
		if (this.#known && !this.#saveTimer) this.#saveTimer = setTimeout(() => this.#save(), SAVE_MS);
	}

	#save() {
		this.#saveTimer = null;
		void this.#persistence.set(ACKED_KEY, encodeVector(this.#acked)).catch(() => {});
	}

	#scheduleRecount() {
		if (this.#recountTimer || this.#destroyed) return;
		this.#recountTimer = setTimeout(() => {
			this.#recountTimer = null;
			if (this.#destroyed || !this.#known) return;
			const next = countPending(this.#doc, this.#acked);
			const current = this.#count;
			if (
				next.notes !== current.notes ||
				next.taps !== current.taps ||
				next.otherContent !== current.otherContent
			)
				this.#count = next;
		}, RECOUNT_MS);
	}
}
