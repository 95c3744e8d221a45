// Opens a document for live editing in the browser: one Y.Doc, kept on this device (IndexedDB) and synced
// with the collaboration server (Hocuspocus at /collab on the same origin). Browser only.
import { HocuspocusProvider } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { documentNameFor } from '$lib/domain/document-name';
import { offlineCopyName } from './offline';
import { resyncInsteadOfReplay } from './resync-instead-of-replay';

/** What CollaborationCaret shows to others; the server re-stamps it from the session anyway (docs/design.md §4). */
export interface CollabUser {
	name: string;
	color: string;
}

export interface OpenedDocument {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	persistence: IndexeddbPersistence;
	/** Disconnects and frees everything; the offline copy stays in IndexedDB. */
	destroy(): void;
}

export function collaborationUrl(location: Location = window.location): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

export function openDocument({ documentId, user }: { documentId: string; user: CollabUser }): OpenedDocument {
	const doc = new Y.Doc();
	// Edits made offline land here first and survive a reload; the provider sends them when it reconnects.
	const persistence = new IndexeddbPersistence(offlineCopyName(documentId), doc);
	// The session cookie authenticates the socket, so there is no token to send.
	const provider = new HocuspocusProvider({
		url: collaborationUrl(),
		name: documentNameFor(documentId),
		document: doc
	});
	resyncInsteadOfReplay(provider.configuration.websocketProvider);
	provider.setAwarenessField('user', user);

	let destroyed = false;
	return {
		doc,
		provider,
		persistence,
		destroy() {
			if (destroyed) return;
			destroyed = true;
			provider.destroy();
			// Pending IndexedDB writes finish on their own; there is nothing to wait for here.
			void persistence.destroy();
			doc.destroy();
		}
	};
}
