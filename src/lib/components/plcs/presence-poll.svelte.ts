// Who is in which of a group's documents, refreshed every 5 s while the tab is visible and online.
import { onDestroy, onMount } from 'svelte';

type People = { id: string; name: string }[];
const INTERVAL_MS = 5000;

export function pollPresence(plcId: () => string, initial: Record<string, People>) {
	const state = $state({ byDocument: initial });
	let timer: ReturnType<typeof setInterval> | undefined;

	async function refresh() {
		if (document.visibilityState !== 'visible' || !navigator.onLine) return;
		try {
			const response = await fetch(`/api/v1/plcs/${plcId()}/presence`, { cache: 'no-store' });
			if (!response.ok) return;
			const body = (await response.json()) as { documents: { id: string; people: People }[] };
			state.byDocument = Object.fromEntries(body.documents.map((d) => [d.id, d.people]));
		} catch {
			// Offline or the server restarting: keep showing the last answer.
		}
	}

	// Back on the tab: show who is where now, not what it was when the tab was left.
	const onVisible = () => {
		if (document.visibilityState === 'visible') void refresh();
	};

	onMount(() => {
		timer = setInterval(() => void refresh(), INTERVAL_MS);
		document.addEventListener('visibilitychange', onVisible);
	});
	onDestroy(() => {
		clearInterval(timer);
		if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
	});
	return state;
}
