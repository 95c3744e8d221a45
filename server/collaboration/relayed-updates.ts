// With several processes, an update reaches this process through Redis as soon as the process that
// received it has applied it, before that process has committed it. If that process dies in between, the
// update lives only in the memory of the others. Its author reconnects to one of them, which already holds
// the update, so the author's re-sync carries nothing new and is acknowledged: "saved", with the update in
// no row. So each process remembers from where in each document it was relayed content lately, and when a
// client's re-sync (its sync step 2) arrives, it commits everything the document gained since then before
// acknowledging. In a healthy cluster that stores recent content a second time when someone joins
// (harmless: Yjs integrates an update once however often it is stored); in the failure above it is what
// loses nothing.
import * as Y from 'yjs';
import { collaborationLimits } from './limits.ts';

export const RELAYED_GRACE_MS = collaborationLimits.relayedGraceMs;

type StateVector = Map<number, number>;

interface Window {
	/** The document's state before the first content relayed in this window (lowered by later relays). */
	from: StateVector;
	startedAt: number;
}

interface Relays {
	current: Window;
	/** The window before, kept so that content relayed just before a roll is still covered. */
	previous: Window | null;
	lastRelayedAt: number;
}

export class RelayedUpdates {
	private readonly byDocument = new Map<string, Relays>();

	constructor(private readonly now: () => number = () => performance.now()) {}

	/** Call once a relayed update is applied to the document. */
	remember(documentName: string, document: Y.Doc, update: Uint8Array): void {
		const now = this.now();
		// The state just before this update: the document's state, lowered to where the update starts.
		const before = lowered(
			Y.decodeStateVector(Y.encodeStateVector(document)),
			Y.parseUpdateMeta(update).from
		);
		const relays = this.byDocument.get(documentName);
		if (!relays || now - relays.lastRelayedAt > RELAYED_GRACE_MS) {
			this.byDocument.set(documentName, {
				current: { from: before, startedAt: now },
				previous: null,
				lastRelayedAt: now
			});
			return;
		}
		if (now - relays.current.startedAt > RELAYED_GRACE_MS) {
			// Windows roll so that what is re-committed stays bounded by two grace periods of editing.
			relays.previous = relays.current;
			relays.current = { from: before, startedAt: now };
		} else {
			relays.current.from = lowered(relays.current.from, before);
		}
		relays.lastRelayedAt = now;
	}

	/** Everything the document gained since content was last relayed to it (null if not lately). */
	takeRecent(documentName: string, document: Y.Doc): Uint8Array | null {
		const relays = this.byDocument.get(documentName);
		this.byDocument.delete(documentName);
		if (!relays || this.now() - relays.lastRelayedAt > RELAYED_GRACE_MS) return null;
		const from = relays.previous ? lowered(relays.current.from, relays.previous.from) : relays.current.from;
		return Y.encodeStateAsUpdate(document, Y.encodeStateVector(from));
	}

	forget(documentName: string): void {
		this.byDocument.delete(documentName);
	}
}

/** Per client, the lower of two clocks (a client missing from either is taken from the other, or 0). */
function lowered(a: StateVector, b: StateVector): StateVector {
	const result: StateVector = new Map(a);
	for (const [client, clock] of b) result.set(client, Math.min(a.get(client) ?? 0, clock));
	return result;
}
