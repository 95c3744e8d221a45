// What "saved" means to the person typing (docs/design.md §5): an edit is saved once the server has acknowledged
// it, which it does only after the commit. Driven by the provider's events and the browser's online state.
import {
	WebSocketStatus,
	type HocuspocusProvider,
	type onAuthenticatedParameters,
	type onCloseParameters,
	type onStatusParameters,
	type onUnsyncedChangesParameters
} from '@hocuspocus/provider';
import { CloseCode, closeCodeOf, describeClose } from '$lib/domain/close-codes';

export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline' | 'closed';

/** Close codes after which reconnecting cannot help: the person must act (sign in, ask for access, ...). */
const TERMINAL: ReadonlySet<number> = new Set([
	CloseCode.NotAuthenticated,
	CloseCode.NotAllowed,
	// Resending the refused edit would be refused again; the notice offers to discard it.
	CloseCode.DocumentTooLarge,
	CloseCode.ChangeTooLarge
]);

export interface SyncStatusOptions {
	/** The person may only read: their (refused) local changes are not "waiting to save". */
	readOnly: boolean;
	/** Called once when the connection ended for good (4401, 4403, 4413, 4414). */
	onEnded?: (code: number) => void;
}

export class SyncStatus {
	#provider: HocuspocusProvider;
	#onEnded: ((code: number) => void) | undefined;

	#connection = $state<WebSocketStatus>(WebSocketStatus.Connecting);
	#everSynced = $state(false);
	#synced = $state(false);
	#online = $state(true);
	#grantedReadOnly = $state<boolean | null>(null);
	#initialReadOnly = false;
	#authenticationFailed = false;

	#pending = $state(0);
	#code = $state<number | null>(null);
	#message = $state<string | null>(null);
	#ended = $state(false);

	/** Changes sent and not yet acknowledged by the server. */
	get pending(): number {
		return this.#pending;
	}
	/** The last close code we understood, while it still matters. */
	get code(): number | null {
		return this.#code;
	}
	/** A sentence for the person about why the connection ended or is being re-checked. */
	get message(): string | null {
		return this.#message;
	}
	/** True once the server's copy has arrived at least once. */
	get hasSynced(): boolean {
		return this.#everSynced;
	}
	/** True once the connection ended for good; nothing reconnects after that. */
	get ended(): boolean {
		return this.#ended;
	}

	/** Read-only as the server granted it on the latest connection (it may change with a 4205). */
	readonly readOnly = $derived(this.#grantedReadOnly ?? this.#initialReadOnly);

	readonly state: SyncState = $derived.by(() => {
		if (this.ended) return 'closed';
		if (!this.#online) return 'offline';
		// A 4205 is the server asking for a fresh check of access: the reconnect is on its way.
		if (this.#connection === WebSocketStatus.Disconnected)
			return this.code === CloseCode.AuthorizationChanged || this.code === CloseCode.PreAuthLimit
				? 'connecting'
				: 'offline';
		if (!this.#everSynced) return 'connecting';
		if (!this.#synced || (!this.readOnly && this.pending > 0)) return 'saving';
		return 'saved';
	});

	readonly label: string = $derived.by(() => {
		switch (this.state) {
			case 'connecting':
				return 'Connecting…';
			case 'saving':
				return 'Saving…';
			case 'saved':
				return this.readOnly ? 'Up to date' : 'Saved';
			case 'offline': {
				if (this.readOnly) return 'Offline';
				const waiting = this.pending > 0 ? ` (${this.pending} waiting)` : '';
				return `Offline — changes kept on this device${waiting}`;
			}
			case 'closed':
				return this.pending > 0 && !this.readOnly
					? 'Not saved — changes kept on this device'
					: 'Disconnected';
		}
	});

	constructor(provider: HocuspocusProvider, options: SyncStatusOptions) {
		this.#provider = provider;
		this.#initialReadOnly = options.readOnly;
		this.#onEnded = options.onEnded;
		this.#online = navigator.onLine;
		this.#pending = provider.unsyncedChanges;
		this.#synced = provider.isSynced;
		this.#everSynced = provider.isSynced;
		this.#connection = provider.configuration.websocketProvider.status;

		provider.on('status', this.#onStatus);
		provider.on('synced', this.#onSynced);
		provider.on('unsyncedChanges', this.#onUnsyncedChanges);
		provider.on('authenticated', this.#onAuthenticated);
		provider.on('authenticationFailed', this.#onAuthenticationFailed);
		provider.on('close', this.#onClose);
		window.addEventListener('online', this.#onOnline);
		window.addEventListener('offline', this.#onOffline);
	}

	destroy(): void {
		const provider = this.#provider;
		provider.off('status', this.#onStatus);
		provider.off('synced', this.#onSynced);
		provider.off('unsyncedChanges', this.#onUnsyncedChanges);
		provider.off('authenticated', this.#onAuthenticated);
		provider.off('authenticationFailed', this.#onAuthenticationFailed);
		provider.off('close', this.#onClose);
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('offline', this.#onOffline);
	}

	#onStatus = ({ status }: onStatusParameters) => {
		this.#connection = status;
		if (status !== WebSocketStatus.Connected) this.#synced = false;
	};

	#onSynced = () => {
		this.#synced = true;
		this.#everSynced = true;
		// A successful (re)connection answers any "reconnecting to check" or "too large" notice.
		if (!this.#ended) {
			this.#code = null;
			this.#message = null;
		}
	};

	#onUnsyncedChanges = ({ number }: onUnsyncedChangesParameters) => {
		this.#pending = number;
	};

	#onAuthenticated = ({ scope }: onAuthenticatedParameters) => {
		this.#authenticationFailed = false;
		this.#grantedReadOnly = scope === 'readonly';
	};

	// The server answers a refusal with "permission denied" and then closes with the specific code.
	#onAuthenticationFailed = () => {
		this.#authenticationFailed = true;
	};

	#onClose = ({ event }: onCloseParameters) => {
		this.#synced = false;
		if (this.#ended) return;
		let code = closeCodeOf(event);
		if (code === null && this.#authenticationFailed) code = CloseCode.NotAllowed;
		if (code === null) return; // an ordinary drop: the provider reconnects by itself
		this.#code = code;
		this.#message = describeClose(code);
		if (TERMINAL.has(code)) this.#end(code);
	};

	#end(code: number) {
		this.#ended = true;
		// Stop retrying: a reconnect would be refused the same way.
		this.#provider.configuration.websocketProvider.disconnect();
		this.#onEnded?.(code);
	}

	#onOnline = () => {
		this.#online = true;
		// Retry now instead of waiting out the provider's backoff.
		const socket = this.#provider.configuration.websocketProvider;
		if (!this.#ended && socket.status !== WebSocketStatus.Connected) void socket.connect();
	};

	#onOffline = () => {
		this.#online = false;
	};
}
