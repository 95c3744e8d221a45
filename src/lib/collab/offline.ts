import type { SubmitFunction } from '@sveltejs/kit';

// The offline copies of documents kept on this device (one IndexedDB database per document).
const PREFIX = 'tandem:';
/** What the offline-check endpoint accepts in one request. */
const CHECK_BATCH = 500;

export function offlineCopyName(documentId: string): string {
	return PREFIX + documentId;
}

function canListDatabases(): boolean {
	return typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function';
}

/** The ids of the documents this device keeps a copy of. */
async function offlineDocumentIds(): Promise<string[]> {
	if (!canListDatabases()) return [];
	const databases = await indexedDB.databases();
	return databases
		.map((database) => database.name)
		.filter((name): name is string => typeof name === 'string' && name.startsWith(PREFIX))
		.map((name) => name.slice(PREFIX.length));
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise<void>((resolve) => {
		try {
			const request = indexedDB.deleteDatabase(name);
			// A blocked delete (this or another tab has it open) completes once that copy is closed.
			request.onsuccess = request.onerror = request.onblocked = () => resolve();
		} catch {
			resolve();
		}
	});
}

/** Deletes this device's copy of one document (e.g. right after deleting the document). Never throws. */
export async function forgetOfflineCopy(documentId: string): Promise<void> {
	if (typeof indexedDB === 'undefined') return;
	await deleteDatabase(offlineCopyName(documentId));
}

/**
 * Deletes every offline copy on this device. Call on sign-out: a classroom computer is shared, and a copy
 * left behind would be readable by the next person and sent under their name.
 */
export async function clearOfflineCopies(): Promise<void> {
	const ids = await offlineDocumentIds();
	await Promise.all(ids.map((id) => deleteDatabase(offlineCopyName(id))));
}

/**
 * Asks the server which of this device's copies the signed-in person may no longer read (deleted, unshared,
 * their access ended) and deletes those. For a page load in the browser: it never throws, gives up quietly
 * when offline or when the server does not answer, and never delays the page (call it without awaiting).
 */
export async function purgeRevokedOfflineCopies(fetcher: typeof fetch = fetch): Promise<void> {
	try {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		const ids = await offlineDocumentIds();
		for (let start = 0; start < ids.length; start += CHECK_BATCH) {
			const batch = ids.slice(start, start + CHECK_BATCH);
			const response = await fetcher('/api/v1/me/offline-check', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ documentIds: batch }),
				credentials: 'same-origin'
			});
			if (!response.ok) return;
			const answer: unknown = await response.json();
			const purge =
				answer && typeof answer === 'object' && Array.isArray((answer as { purge?: unknown }).purge)
					? ((answer as { purge: unknown[] }).purge as unknown[])
					: [];
			// Only names this device listed: the answer cannot make us delete anything else.
			const doomed = purge.filter((id): id is string => typeof id === 'string' && batch.includes(id));
			await Promise.all(doomed.map((id) => deleteDatabase(offlineCopyName(id))));
		}
	} catch {
		// Offline, signed out meanwhile, or a browser without the API: try again at the next load.
	}
}

/** For `use:enhance` on sign-out forms: forget this device's offline copies, then sign out as usual. */
export const clearDeviceThenSubmit: SubmitFunction = async () => {
	await clearOfflineCopies();
};
