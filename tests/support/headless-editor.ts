// A ProseMirror editor bound to its own Y.Doc through y-tiptap's sync plugin, without a DOM: the same
// schema as the document page's editor, a minimal stand-in for EditorView (state, dispatch, plugin views),
// and an outbox of this person's Yjs updates, delivered to another person when a test says so. It lets a
// test interleave two people's keystrokes and deliveries exactly (tests/unit/collaboration/
// concurrent-typing.test.ts).
import { getSchema } from '@tiptap/core';
import { type Plugin, EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { initProseMirrorDoc, ySyncPlugin } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

export const editorSchema = getSchema([StarterKit.configure({ undoRedo: false, trailingNode: false })]);

type PluginView = { update?: (view: HeadlessView, previous: EditorState) => void; destroy?: () => void };

class HeadlessView {
	state: EditorState;
	private readonly pluginViews: PluginView[];
	constructor(state: EditorState) {
		this.state = state;
		this.pluginViews = state.plugins.flatMap((plugin) =>
			plugin.spec.view ? [plugin.spec.view(this as never) as PluginView] : []
		);
	}
	dispatch(tr: Transaction): void {
		const previous = this.state;
		this.state = this.state.apply(tr);
		for (const view of this.pluginViews) view.update?.(this, previous);
	}
	/** Not focused: y-tiptap then leaves the DOM selection alone. */
	hasFocus(): boolean {
		return false;
	}
	destroy(): void {
		for (const view of this.pluginViews) view.destroy?.();
	}
}

export interface HeadlessEditor {
	doc: Y.Doc;
	view: HeadlessView;
	type(text: string): void;
	/** Splits the paragraph at the caret, as Enter does. */
	enter(): void;
	/** Puts the caret at the end of the document. */
	toEnd(): void;
	/** The text of each top-level block. */
	paragraphs(): string[];
	/** This person's updates not yet delivered to the other. */
	outbox: Uint8Array[];
}

const REMOTE = Symbol('delivered');

/** An editor with extra ProseMirror plugins before and after y-tiptap's sync plugin. */
export function headlessEditor(
	clientId: number,
	plugins: { before?: Plugin[]; after?: Plugin[] } = {}
): HeadlessEditor {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	const fragment = doc.getXmlFragment('body');
	const { doc: initial, mapping } = initProseMirrorDoc(fragment, editorSchema);
	const view = new HeadlessView(
		EditorState.create({
			schema: editorSchema,
			doc: initial,
			plugins: [...(plugins.before ?? []), ySyncPlugin(fragment, { mapping }), ...(plugins.after ?? [])]
		})
	);
	const outbox: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) outbox.push(update);
	});
	return {
		doc,
		view,
		outbox,
		type: (text) => view.dispatch(view.state.tr.insertText(text)),
		enter: () => view.dispatch(view.state.tr.split(view.state.selection.from)),
		toEnd: () => view.dispatch(view.state.tr.setSelection(TextSelection.atEnd(view.state.doc))),
		paragraphs: () => {
			const blocks: string[] = [];
			view.state.doc.forEach((node) => blocks.push(node.textContent));
			return blocks;
		}
	};
}

/** Delivers what `from` wrote so far to `to`. */
export function deliver(from: HeadlessEditor, to: HeadlessEditor): void {
	for (const update of from.outbox.splice(0)) Y.applyUpdate(to.doc, update, REMOTE);
}

/** Both send at once: each receives what the other wrote before seeing its own reply. */
export function exchange(a: HeadlessEditor, b: HeadlessEditor): void {
	const fromA = a.outbox.splice(0);
	const fromB = b.outbox.splice(0);
	for (const update of fromA) Y.applyUpdate(b.doc, update, REMOTE);
	for (const update of fromB) Y.applyUpdate(a.doc, update, REMOTE);
}
