// Awareness (names, carets) is stamped by the server from the session, never trusted from the client
// (docs/design.md §4), and each connection may forward at most `maxPerSecond` awareness frames. Frames over the
// limit are held back, and the latest one is forwarded when the window ends, so carets never go stale.
import type { Extension, beforeHandleAwarenessPayload, onDisconnectPayload } from '@hocuspocus/server';
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import type { ConnectionContext } from './context.ts';
import { collaborationLimits } from './limits.ts';

const WINDOW_MS = collaborationLimits.awarenessWindowMs;

interface Window {
	startedAt: number;
	count: number;
	deferred: { awareness: Awareness; states: Map<number, Record<string, unknown>>; origin: unknown } | null;
	timer: NodeJS.Timeout | null;
}

export class AwarenessGuard implements Extension {
	extensionName = 'tandem-awareness-guard';
	private readonly windows = new Map<string, Window>();
	/** Awareness client ids claimed by each socket: nobody may speak for another connection's client. */
	private readonly owners = new Map<number, string>();
	/** The same claims by socket, so a disconnect releases its own without scanning everyone's. */
	private readonly claims = new Map<string, Set<number>>();

	constructor(private readonly maxPerSecond: number = collaborationLimits.awarenessFramesPerSecond) {}

	beforeHandleAwareness(payload: beforeHandleAwarenessPayload<ConnectionContext>): Promise<void> {
		const { states, context, socketId, connection } = payload;
		if (!connection || !context?.user) return Promise.resolve(); // server-side awareness is trusted
		for (const [clientId, state] of states) {
			const owner = this.owners.get(clientId);
			if (owner !== undefined && owner !== socketId) {
				states.delete(clientId);
				continue;
			}
			if (owner === undefined) this.claim(clientId, socketId);
			if (state && Object.keys(state).length > 0) {
				state.user = {
					id: context.user.id,
					name: context.user.name,
					color: context.user.color,
					role: context.readOnly ? 'viewer' : 'editor'
				};
			}
		}
		if (!this.admit(socketId, payload)) states.clear();
		return Promise.resolve();
	}

	onDisconnect({ socketId }: onDisconnectPayload): Promise<void> {
		const window = this.windows.get(socketId);
		if (window?.timer) clearTimeout(window.timer);
		this.windows.delete(socketId);
		for (const clientId of this.claims.get(socketId) ?? []) this.owners.delete(clientId);
		this.claims.delete(socketId);
		return Promise.resolve();
	}

	private claim(clientId: number, socketId: string): void {
		this.owners.set(clientId, socketId);
		const claimed = this.claims.get(socketId) ?? new Set();
		claimed.add(clientId);
		this.claims.set(socketId, claimed);
	}

	/** Counts the frame against the socket's window (one second); false when it must wait. */
	private admit(socketId: string, payload: beforeHandleAwarenessPayload<ConnectionContext>): boolean {
		const now = Date.now();
		let window = this.windows.get(socketId);
		if (!window || now - window.startedAt >= WINDOW_MS) {
			if (window?.timer) clearTimeout(window.timer);
			window = { startedAt: now, count: 0, deferred: null, timer: null };
			this.windows.set(socketId, window);
		}
		window.count += 1;
		if (window.count <= this.maxPerSecond) return true;

		// Keep the newest held-back state (already stamped) and forward it when the window closes.
		window.deferred = {
			awareness: payload.document.awareness,
			states: new Map([...payload.states].map(([id, state]) => [id, { ...state }])),
			origin: payload.transactionOrigin
		};
		if (!window.timer) {
			const held = window;
			held.timer = setTimeout(
				() => {
					held.timer = null;
					const deferred = held.deferred;
					held.deferred = null;
					if (deferred) forward(deferred.awareness, deferred.states, deferred.origin);
				},
				Math.max(0, held.startedAt + WINDOW_MS - now)
			);
		}
		return false;
	}
}

function forward(awareness: Awareness, states: Map<number, Record<string, unknown>>, origin: unknown): void {
	const clientIds = [...states.keys()];
	if (clientIds.length === 0) return;
	// Each held-back state must carry a clock newer than the last one applied, or peers would ignore it.
	const meta = new Map(
		clientIds.map((id) => [id, { clock: (awareness.meta.get(id)?.clock ?? 0) + 1, lastUpdated: 0 }])
	);
	const update = encodeAwarenessUpdate({ meta } as unknown as Awareness, clientIds, states);
	applyAwarenessUpdate(awareness, update, origin);
}
