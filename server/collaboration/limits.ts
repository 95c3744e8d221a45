// Every named number of the collaboration server, with the reason it is what it is. Change one here and
// the tests that pin its behaviour (named beside it) tell what it costs.
export const collaborationLimits = {
	/**
	 * The largest websocket message accepted (ws closes the socket with 1009 above it). A whole-document
	 * sync step 2 of a long lesson plan with images stays well under it; a flood frame does not.
	 */
	maxPayloadBytes: 2 * 1024 * 1024,
	/**
	 * Awareness frames per second per connection (awareness-guard.ts): a caret moving while typing sends
	 * about ten; more is a loop or a flood, and each one is relayed to every peer.
	 */
	awarenessFramesPerSecond: 20,
	/** Clients one awareness update may name (frames.ts): a provider sends its own state or those it knows. */
	awarenessClientsPerFrame: 1000,
	/**
	 * Hocuspocus' store: this long after the last change, and at most this long after the first one. The
	 * log already holds every acknowledged edit, so a store only folds it (tail-compaction.ts) and derives
	 * records; two seconds of quiet lets a burst of typing become one store.
	 */
	storeDebounceMs: 2000,
	storeMaxDebounceMs: 10_000,
	/** A failed store is tried again after this long, doubling up to the maximum, while the document is loaded. */
	storeRetry: { firstMs: 1000, maxMs: 30_000 },
	/**
	 * The log tail (tail-compaction.ts): a load that read more rows than `loadedRows` folds them at once; a
	 * tail that grew by `growingRows` since the last fold is folded without waiting for the store. A cold load
	 * then reads one snapshot row plus at most a few hundred small rows.
	 */
	tail: { loadedRows: 100, growingRows: 500 },
	/**
	 * Updates committed in one INSERT by the group commit (update-log.ts): large enough that one fsync
	 * serves every typist of a busy server, small enough that one statement stays well under a megabyte.
	 */
	updateLogBatch: 500,
	/** How long relayed content is kept for a re-sync to commit (relayed-updates.ts): longer than any commit takes, and than a client takes to find another process. */
	relayedGraceMs: 30_000,
	/** Shared presence in Redis (shared-presence.ts): refreshed this often, and stale (its process is gone) after three missed beats. */
	presenceHeartbeatMs: 20_000,
	presenceStaleMs: 60_000,
	/** A presence query to Redis gives up after this long: presence is a nicety, a page must not wait on it. */
	presenceCommandTimeoutMs: 1000,
	/** At shutdown, how long open documents get to be stored before the process goes on closing. */
	shutdownStoreWaitMs: 7000
} as const;
