// Every named number of the collaboration server, with the reason it is what it is. Change one here and
// the tests that pin its behaviour (named beside it) tell what it costs.
export const collaborationLimits = {
	/**
	 * The largest websocket message accepted (ws closes the socket with 1009 above it). A whole-document
	 * sync step 2 of a long lesson plan with images stays well under it; a flood frame does not.
	 */
	maxPayloadBytes: 2 * 1024 * 1024,
	/**
	 * Structs and delete ranges one update may carry (update-budget.ts): Yjs integrates an update in one
	 * synchronous call at up to a few microseconds a struct, so this bounds what one frame holds the event loop
	 * for (tens of milliseconds on a loaded core; bench S6) instead of the 1.4 s 2 MiB of tiny structs took.
	 * Typing merges into runs and a pasted page of formatted text is a few hundred structs, so a paste of
	 * thirty pages or a long offline session's re-sync stays within it; past it the client is told the change
	 * is too large (4414) and may discard it.
	 */
	updateWorkBudget: 10_000,
	/**
	 * Awareness frames per second per connection (awareness-guard.ts): a caret moving while typing sends
	 * about ten; more is a loop or a flood, and each one is relayed to every peer.
	 */
	awarenessFramesPerSecond: 20,
	/**
	 * The window those frames are counted in: one second, so the limit reads as a rate; a frame held back
	 * is forwarded when its window ends, so a caret is never more than this late.
	 */
	awarenessWindowMs: 1000,
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
	/**
	 * The other group writers (group-writer.ts): access-ledger rows and documents' "last edited" stamps are
	 * small rows, so the same 500 a statement keeps one INSERT well under a megabyte.
	 */
	ledgerBatch: 500,
	lastEditsBatch: 500,
	/** How long relayed content is kept for a re-sync to commit (relayed-updates.ts): longer than any commit takes, and than a client takes to find another process. */
	relayedGraceMs: 30_000,
	/** Shared presence in Redis (shared-presence.ts): refreshed this often, and stale (its process is gone) after three missed beats. */
	presenceHeartbeatMs: 20_000,
	presenceStaleMs: 60_000,
	/** A presence query to Redis gives up after this long: presence is a nicety, a page must not wait on it. */
	presenceCommandTimeoutMs: 1000,
	/** At shutdown, how long open documents get to be stored before the process goes on closing. */
	shutdownStoreWaitMs: 7000,
	/**
	 * What a socket may cost before it has authenticated (pre-auth-gate.ts). Hocuspocus on its own lets each
	 * unauthenticated socket queue 5 MB and 1,000 frames, and does not count sockets per address.
	 */
	preAuth: {
		/** Before the socket's first auth frame: the provider sends that frame first, so little else may come. */
		beforeAuthFrame: { maxFrameBytes: 4 * 1024, maxFrames: 24, maxBytes: 8 * 1024 },
		/**
		 * Once an auth frame has come and its answer is pending (milliseconds, a database read): the provider's
		 * sync step 1 follows at once, and a long-lived document's state vector can be tens of KiB.
		 */
		awaitingAuth: { maxFrameBytes: 64 * 1024, maxFrames: 64, maxBytes: 64 * 1024 },
		/** A socket that has not authenticated a document by then is closed. */
		authenticateWithinMs: 5_000,
		/**
		 * Unauthenticated sockets at once from one client address. A school behind one NAT reconnecting after a
		 * restart authenticates each socket in milliseconds, so this is rarely reached honestly.
		 */
		socketsPerAddress: 64
	},
	/**
	 * Hocuspocus' own settings, written out so none is a silent default (its defaults in 4.7, kept).
	 */
	hocuspocus: {
		/**
		 * A connection that sends nothing (not even the provider's ping) for this long is closed: the provider
		 * pings well within it, so only a dead peer reaches it.
		 */
		timeoutMs: 60_000,
		/**
		 * Hocuspocus' queue for frames that arrive while a document authenticates. The pre-auth gate above
		 * already closes a socket long before either is reached; these stay as its backstop.
		 */
		maxUnauthenticatedQueueSize: 5 * 1024 * 1024,
		maxUnauthenticatedQueueMessages: 1000,
		/** Documents one connection may have loading at once: a page opens one, a dashboard a handful. */
		maxPendingDocuments: 100,
		/**
		 * Outgoing frames are written at once (no coalescing delay): a peer's keystroke is relayed in the same
		 * turn, which is what S1's latency measures; up to this many bytes are coalesced when they queue anyway.
		 */
		flushDelayMs: 0,
		flushMaxBytes: 1024 * 1024
	}
} as const;
