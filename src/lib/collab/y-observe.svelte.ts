// A reactive view of part of a Y.Doc: `value` is `read(doc)`, recomputed after every transaction that
// changed the document, local or remote. Listening to the whole document's `update` rather than one
// type's `observeDeep` keeps working when the observed root type only arrives later (a fresh document,
// the first sync), and a re-read of a panel's worth of data is cheap. The owner must call `destroy()`.
import type * as Y from 'yjs';

export class YObserved<T> {
	#doc: Y.Doc;
	#read: (doc: Y.Doc) => T;
	#equals: (a: T, b: T) => boolean;
	// Raw: each read builds a fresh snapshot, so deep proxies would only cost.
	#value = $state.raw<T>(undefined as T);

	/**
	 * `equals` decides whether a fresh read is the same as the last one; when it is, `value` keeps its
	 * old identity and nothing re-renders (typing in the document body is an update too).
	 */
	constructor(doc: Y.Doc, read: (doc: Y.Doc) => T, equals: (a: T, b: T) => boolean = Object.is) {
		this.#doc = doc;
		this.#read = read;
		this.#equals = equals;
		this.#value = read(doc);
		doc.on('update', this.#refresh);
	}

	get value(): T {
		return this.#value;
	}

	destroy(): void {
		this.#doc.off('update', this.#refresh);
	}

	#refresh = () => {
		const next = this.#read(this.#doc);
		if (!this.#equals(this.#value, next)) this.#value = next;
	};
}

/** Equality for plain data snapshots (what the domain's `read…` functions return). */
export function sameJson<T>(a: T, b: T): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
