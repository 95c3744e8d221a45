import type { SubmitFunction } from '@sveltejs/kit';

// The offline copies of documents kept on this device (one IndexedDB database per document).
const PREFIX = 'tandem:';

export function offlineCopyName(documentId: string): string {
	return PREFIX + documentId;
}

/**
 * Deletes every offline copy on this device. Call on sign-out: a classroom computer is shared, and a copy
 * left behind would be readable by the next person and sent under their name.
 */
export async function clearOfflineCopies(): Promise<void> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
	const databases = await indexedDB.databases();
	await Promise.all(
		databases
			.map((database) => database.name)
			.filter((name): name is string => typeof name === 'string' && name.startsWith(PREFIX))
			.map(
				(name) =>
					new Promise<void>((resolve) => {
						const request = indexedDB.deleteDatabase(name);
						// A blocked delete (another tab has it open) completes once that tab closes it.
						request.onsuccess = request.onerror = request.onblocked = () => resolve();
					})
			)
	);
}

/** For `use:enhance` on sign-out forms: forget this device's offline copies, then sign out as usual. */
export const clearDeviceThenSubmit: SubmitFunction = async () => {
	await clearOfflineCopies();
};
