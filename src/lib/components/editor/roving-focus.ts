// The keyboard pattern of an ARIA toolbar: one Tab stop for the whole toolbar, arrow keys (and Home/End)
// move between its controls, Escape hands focus back to the text. Items are marked `data-toolbar-item`.
import type { Attachment } from 'svelte/attachments';

export function rovingFocus(options: { onEscape?: () => void } = {}): Attachment<HTMLElement> {
	return (toolbar) => {
		let current: HTMLElement | null = null;

		const items = () =>
			Array.from(toolbar.querySelectorAll<HTMLElement>('[data-toolbar-item]')).filter(
				(item) => !item.hasAttribute('disabled')
			);

		const sync = () => {
			const list = items();
			if (!current || !list.includes(current)) current = list[0] ?? null;
			for (const item of list) item.tabIndex = item === current ? 0 : -1;
		};

		const focusAt = (index: number) => {
			const list = items();
			const item = list[(index + list.length) % list.length];
			if (!item) return;
			current = item;
			sync();
			item.focus();
		};

		const onFocusIn = (event: FocusEvent) => {
			const target = event.target as HTMLElement;
			if (target.hasAttribute('data-toolbar-item')) {
				current = target;
				sync();
			}
		};

		const onKeyDown = (event: KeyboardEvent) => {
			const list = items();
			const index = list.indexOf(event.target as HTMLElement);
			if (index < 0) return;
			const moves: Record<string, number> = {
				ArrowRight: index + 1,
				ArrowLeft: index - 1,
				Home: 0,
				End: list.length - 1
			};
			const next = moves[event.key];
			if (next !== undefined) {
				event.preventDefault();
				focusAt(next);
			} else if (event.key === 'Escape' && options.onEscape) {
				event.preventDefault();
				options.onEscape();
			}
		};

		// Controls come and go (the table tools) and get disabled: keep exactly one Tab stop.
		const observer = new MutationObserver(sync);
		observer.observe(toolbar, {
			childList: true,
			subtree: true,
			attributes: true,
			attributeFilter: ['disabled']
		});
		toolbar.addEventListener('focusin', onFocusIn);
		toolbar.addEventListener('keydown', onKeyDown);
		sync();

		return () => {
			observer.disconnect();
			toolbar.removeEventListener('focusin', onFocusIn);
			toolbar.removeEventListener('keydown', onKeyDown);
		};
	};
}

/** Focuses the toolbar's current Tab stop. */
export function focusToolbar(toolbar: HTMLElement | null | undefined): void {
	const item = toolbar?.querySelector<HTMLElement>('[data-toolbar-item][tabindex="0"]');
	item?.focus();
}
