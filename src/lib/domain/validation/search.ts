// What a client may ask search (issue 16 §2): the words, and filters by kind, teacher, cycle and date.
// The page's form and `GET /api/v1/search` parse the same query string with this.
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../documents.ts';
import { oneOf, optionalDate } from './fields.ts';
import { optionalId } from './ids.ts';
import { text } from './text.ts';

/** Results a page holds, and the most one request may ask for. */
export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_PAGE_SIZE_MAX = 50;
/** Far enough to page through anything a person wrote; an offset past it is a crawl, not a search. */
export const SEARCH_OFFSET_MAX = 1000;

/** What search finds: a document of one of the kinds, or a cycle (its title and focus). */
export const SEARCH_KINDS = [...DOCUMENT_KINDS, 'cycle'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

const count = (max: number, message: string) =>
	z.preprocess(
		(raw) => (raw === undefined || raw === '' || raw === null ? undefined : Number(raw)),
		z
			.number({ error: message })
			.int({ error: message })
			.min(0, { error: message })
			.max(max, { error: message })
	);

export const searchQuery = z
	.object({
		q: text({ max: 200, truncate: true, message: 'Search for words.' }),
		kind: z.preprocess(
			(raw) => (raw === '' || raw === null ? undefined : raw),
			oneOf(SEARCH_KINDS, 'Choose a kind of document, or cycles.').optional()
		),
		teacherId: optionalId('Choose a teacher of this workspace.'),
		cycleId: optionalId('Choose one of your cycles.'),
		from: optionalDate('Dates are written YYYY-MM-DD.'),
		to: optionalDate('Dates are written YYYY-MM-DD.'),
		limit: count(SEARCH_PAGE_SIZE_MAX, `Ask for 0 to ${SEARCH_PAGE_SIZE_MAX} results.`).default(
			SEARCH_PAGE_SIZE
		),
		offset: count(SEARCH_OFFSET_MAX, `Start at 0 to ${SEARCH_OFFSET_MAX}.`).default(0)
	})
	.refine((query) => !query.from || !query.to || query.to >= query.from, {
		error: 'The end date comes after the start date.',
		path: ['to']
	});

export type SearchQuery = z.output<typeof searchQuery>;

/** The query's fields from a URL's search parameters (the page and the API read the same names). */
export function searchParamsInput(params: URLSearchParams): Record<string, string | undefined> {
	return {
		q: params.get('q') ?? undefined,
		kind: params.get('kind') ?? undefined,
		teacherId: params.get('teacherId') ?? undefined,
		cycleId: params.get('cycleId') ?? undefined,
		from: params.get('from') ?? undefined,
		to: params.get('to') ?? undefined,
		limit: params.get('limit') ?? undefined,
		offset: params.get('offset') ?? undefined
	};
}
