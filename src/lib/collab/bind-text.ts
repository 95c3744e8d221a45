// Binds a plain <input> or <textarea> to a `Y.Text`, so a field two people write together merges like
// the document body: each input event becomes the smallest insert/delete at the caret, and a co-writer's
// change rewrites the field's value with the caret carried through it (text-edits.ts does the arithmetic).
// While an IME composes a word the field is left alone; remote changes wait and are folded in after.
import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';
import { diffEdit, transformPosition, type TextDelta } from './text-edits.ts';

type Field = HTMLInputElement | HTMLTextAreaElement;

export function bindText(text: Y.Text): Attachment<Field> {
	return (field) => {
		// The transaction origin of this field's own edits, so their echo is not applied twice.
		const origin = Symbol('bound field');
		/** The text as the field last showed it: the base each local edit is diffed against. */
		let shown = text.toString();
		/** Remote changes that arrived during an IME composition, in order. */
		let waiting: TextDelta[] = [];
		let composing = false;
		field.value = shown;

		const applyLocal = () => {
			const edit = diffEdit(shown, field.value, field.selectionEnd ?? field.value.length);
			if (edit) {
				let index = edit.index;
				let end = edit.index + edit.remove;
				for (const delta of waiting) {
					index = transformPosition(index, delta);
					end = Math.max(index, transformPosition(end, delta));
				}
				const doc = text.doc;
				const write = () => {
					if (end > index) text.delete(index, end - index);
					if (edit.insert !== '') text.insert(index, edit.insert);
				};
				if (doc) doc.transact(write, origin);
				else write();
			}
			const hadWaiting = waiting.length > 0;
			waiting = [];
			if (hadWaiting) showRemote(edit ? edit.index + edit.insert.length : null);
			else shown = text.toString();
		};

		/** Shows the text's current value, keeping the caret at `caret` (or its current place) and selection. */
		const showRemote = (caret: number | null, delta?: TextDelta) => {
			const focused = field.ownerDocument.activeElement === field;
			let start = caret ?? field.selectionStart ?? 0;
			let end = caret ?? field.selectionEnd ?? start;
			if (delta && caret === null) {
				start = transformPosition(start, delta);
				end = Math.max(start, transformPosition(end, delta));
			}
			const direction = field.selectionDirection ?? 'none';
			shown = text.toString();
			if (field.value !== shown) field.value = shown;
			if (focused) field.setSelectionRange(start, end, direction);
		};

		const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
			if (transaction.origin === origin) return;
			const delta = event.delta as TextDelta;
			if (composing) {
				waiting.push(delta);
				return;
			}
			showRemote(null, delta);
		};

		const oninput = (event: Event) => {
			if (composing || (event as InputEvent).isComposing) return;
			applyLocal();
		};
		const oncompositionstart = () => {
			composing = true;
		};
		const oncompositionend = () => {
			composing = false;
			applyLocal();
		};

		text.observe(observer);
		field.addEventListener('input', oninput);
		field.addEventListener('compositionstart', oncompositionstart);
		field.addEventListener('compositionend', oncompositionend);
		return () => {
			text.unobserve(observer);
			field.removeEventListener('input', oninput);
			field.removeEventListener('compositionstart', oncompositionstart);
			field.removeEventListener('compositionend', oncompositionend);
		};
	};
}
