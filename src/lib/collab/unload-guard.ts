// Asks before the tab closes while edits are still on their way to the server. They are kept in IndexedDB
// too, but a private window or a cleared browser would lose them, so the person decides.
import type { HocuspocusProvider } from '@hocuspocus/provider';

/** Installs the guard; returns the function that removes it. */
export function guardUnsavedChanges(
	provider: HocuspocusProvider,
	{ enabled }: { enabled: () => boolean }
): () => void {
	const onBeforeUnload = (event: BeforeUnloadEvent) => {
		if (!enabled() || !provider.hasUnsyncedChanges) return;
		event.preventDefault();
		// Older browsers show the prompt only when returnValue is set.
		event.returnValue = '';
	};
	window.addEventListener('beforeunload', onBeforeUnload);
	return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
