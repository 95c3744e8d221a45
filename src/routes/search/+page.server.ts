import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import type { SearchJson } from '$lib/domain/search-result';
import { searchParamsInput } from '$lib/domain/validation/search';
import { parseSearchQuery, searchChoices, searchWorkspace } from '$lib/server/search/search';
import { requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');
	const input = searchParamsInput(event.url.searchParams);
	const choices = await searchChoices(db(), actor, current.id);
	try {
		const query = parseSearchQuery(input);
		const found = await searchWorkspace(db(), actor, current.id, query);
		return { workspace: current, choices, query, found, pages: pageLinks(event.url, found), problem: null };
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		// A bad filter (a hand-edited address) is said on the page, beside an empty result.
		const pages = { earlier: null, later: null };
		return { workspace: current, choices, query: null, found: null, pages, problem: error.message };
	}
};

/** The query strings of the pages before and after this one, or null where there is none. */
function pageLinks(url: URL, found: SearchJson): { earlier: string | null; later: string | null } {
	const at = (offset: number) => {
		const params = new URLSearchParams(url.searchParams);
		params.set('offset', String(offset));
		return params.toString();
	};
	return {
		earlier: found.offset > 0 ? at(Math.max(0, found.offset - found.limit)) : null,
		later: found.offset + found.limit < found.total ? at(found.offset + found.limit) : null
	};
}
