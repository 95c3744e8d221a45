// The shape of a search's answer (docs/design.md §6), shared by the server that builds it and the pages
// that show it. Every field is classified (content-classification.ts `searchResult`).
import { shapeClasses, type FieldClass } from './content-classification.ts';
import type { SearchKind } from './validation/search.ts';

/** A part of a result's snippet; `match` parts are the words searched for. */
export interface SnippetPart {
	text: string;
	match: boolean;
}

export interface Person {
	id: string;
	name: string;
}

/** One thing found: a document or a cycle (docs/design.md §6). */
export interface SearchResultJson {
	type: 'document' | 'cycle';
	id: string;
	kind: SearchKind;
	title: string;
	/** The cycle it belongs to (a cycle's own id for a cycle); null for PLC and workspace documents. */
	cycleId: string | null;
	/** The cycle's title for the pair; "Coach coaching Teacher" for someone it was shared with. */
	cycleName: string | null;
	teacher: Person | null;
	plc: { id: string; name: string } | null;
	updatedAt: string;
	updatedBy: Person | null;
	archived: boolean;
	/** Where the words matched, in order; `match` parts are the words searched for. */
	snippet: SnippetPart[];
}

shapeClasses.searchResult satisfies Record<keyof SearchResultJson, FieldClass>;

export interface SearchJson {
	query: string;
	/** How many readable things match, across all pages. */
	total: number;
	offset: number;
	limit: number;
	results: SearchResultJson[];
}
