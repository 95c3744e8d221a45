// The rich-text body every document has (docs/design.md §6: the `body` XmlFragment, Tiptap's field).
import * as Y from 'yjs';

/** The body, or null when there is none or a client wrote another type under its name. */
export function bodyOf(doc: Y.Doc): Y.XmlFragment | null {
	if (!doc.share.has('body')) return null;
	try {
		return doc.getXmlFragment('body');
	} catch {
		return null;
	}
}
