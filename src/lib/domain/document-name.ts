// The collaboration document name is the document's id (docs/design.md §6). One codec, so nobody splits names by hand.
import { isId } from './validation/ids.ts';

export function isDocumentId(value: string): boolean {
	return isId(value);
}

export function documentNameFor(documentId: string): string {
	if (!isDocumentId(documentId)) throw new Error(`Not a document id: ${documentId}`);
	return documentId;
}

/** The document id a socket document name refers to, or null for a name that cannot be ours. */
export function parseDocumentName(name: string): string | null {
	return isDocumentId(name) ? name : null;
}
