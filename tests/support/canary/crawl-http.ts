// Everything one person can GET: every endpoint and page of the route tree with its parameters filled from
// every id they know of (what their own responses named, and the whole school's), pages' server data
// (`__data.json`, what the browser receives), their iCalendar feed, the CSV export and /metrics. Each
// response's body and headers are scanned for canaries; search parameters are also checked for inference
// (a search for a word you may not read must answer like a search for nothing).
import type { HttpClient } from '../http-client.ts';
import type { CanaryBook, Sighting } from './canary-book.ts';
import type { CanarySchool, IdKind, Person } from './canary-school.ts';
import { crawlRoutes, type CrawlRoute } from './route-tree.ts';

export interface CrawlTally {
	responses: number;
	/** Response bodies, headers and frames scanned, and the bytes they held. */
	fields: number;
	bytes: number;
	sightings: Sighting[];
	/** Searches whose answer changed with a word the person may not read. */
	inferences: string[];
}

export function emptyTally(): CrawlTally {
	return { responses: 0, fields: 0, bytes: 0, sightings: [], inferences: [] };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Which pool of ids fills a parameter, from the path segment before it. Unknown segments get every id. */
const POOL_BY_RESOURCE: Record<string, IdKind> = {
	workspaces: 'workspace',
	cycles: 'cycle',
	documents: 'document',
	versions: 'version',
	plcs: 'plc',
	activities: 'activity',
	releases: 'release',
	shares: 'user',
	tokens: 'token'
};

const QUERY_VALUES: Record<string, (pools: IdPools, book: CanaryBook) => string[]> = {
	workspaceId: (p) => p.of('workspace', false),
	teacherId: (p) => p.of('user', false),
	coachId: (p) => p.of('user', false),
	edit: (p) => p.of('user', false),
	format: () => ['md', 'json'],
	view: () => ['overdue', 'week', 'all'],
	archived: () => ['true'],
	status: () => ['requested', 'active', 'closed'],
	stage: () => ['identify', 'learn', 'improve', 'complete']
};
/** Query parameters that search: each canary word is searched for, and the answer compared. */
const SEARCH_PARAMETERS = new Set(['q']);

class IdPools {
	private readonly discovered = new Set<string>();
	constructor(private readonly school: CanarySchool) {}

	/** A route with two ids multiplies them: there, only the school's ids of the right kind are tried. */
	of(kind: IdKind, discovered = true): string[] {
		return [...new Set([...(this.school.ids.get(kind) ?? []), ...(discovered ? this.discovered : [])])];
	}

	all(discovered = true): string[] {
		const school = [...this.school.ids.values()].flatMap((s) => [...s]);
		return [...new Set([...school, ...(discovered ? this.discovered : [])])];
	}

	/** Ids named in a response the school did not register (server-made): tried wherever an id goes. */
	learn(text: string): number {
		const known = new Set([...this.school.ids.values()].flatMap((s) => [...s]));
		let added = 0;
		for (const id of text.match(UUID) ?? []) {
			if (known.has(id) || this.discovered.has(id) || this.discovered.size >= 15) continue;
			this.discovered.add(id);
			added += 1;
		}
		return added;
	}
}

function fill(
	route: CrawlRoute,
	pools: IdPools,
	person: Person,
	school: CanarySchool,
	withDiscovered = route.params.length === 1
): string[] {
	let paths = [route.pattern];
	for (const param of route.params) {
		let values: string[];
		if (param.resource === 'calendar') {
			const feed = school.calendarFeeds[person];
			values = feed ? [feed.split('/').pop() as string] : [];
		} else if (param.resource === 'invite') {
			// Invitation tokens are single-use secrets that only their email's inbox holds.
			values = [];
		} else {
			const kind = POOL_BY_RESOURCE[param.resource];
			values = kind ? pools.of(kind, withDiscovered) : pools.all(withDiscovered);
		}
		paths = paths.flatMap((p) => values.map((v) => p.replace(`[${param.name}]`, encodeURIComponent(v))));
	}
	return paths;
}

function withQueries(path: string, route: CrawlRoute, pools: IdPools, book: CanaryBook): string[] {
	const urls = [path];
	for (const name of route.query) {
		const values = QUERY_VALUES[name]?.(pools, book) ?? [];
		for (const value of values) urls.push(`${path}?${name}=${encodeURIComponent(value)}`);
	}
	return urls;
}

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const item = items[next++] as T;
			await run(item);
		}
	});
	await Promise.all(workers);
}

export interface HttpCrawlOptions {
	person: Person;
	client: HttpClient;
	school: CanarySchool;
	tally: CrawlTally;
}

/** Crawls over HTTP as `person`, in rounds until their responses name no new id. */
export async function crawlHttp({ person, client, school, tally }: HttpCrawlOptions): Promise<Set<string>> {
	const pools = new IdPools(school);
	const routes = crawlRoutes();
	const fetched = new Set<string>();

	const get = async (url: string, accept: string) => {
		const key = `${accept} ${url}`;
		if (fetched.has(key)) return null;
		fetched.add(key);
		const response = await client.request(url, { headers: { accept } });
		const body = Buffer.from(await response.arrayBuffer());
		tally.responses += 1;
		tally.fields += 1;
		tally.bytes += body.byteLength;
		tally.sightings.push(...school.book.scan(body, `GET ${url} (${response.status}) body`));
		const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
		tally.fields += 1;
		tally.sightings.push(...school.book.scan(headers, `GET ${url} headers`));
		pools.learn(body.toString('utf8'));
		return { status: response.status, body: body.toString('utf8') };
	};

	// Every id on its own; the query's variants (filters by person, format…) with the school's ids only, or
	// their product would be most of the crawl.
	const urlsFor = (route: CrawlRoute) => [
		...fill(route, pools, person, school),
		...fill(route, pools, person, school, false).flatMap((path) =>
			withQueries(path, route, pools, school.book).slice(1)
		)
	];

	for (let round = 0; round < 3; round++) {
		const before = fetched.size;
		const requests: { url: string; accept: string }[] = [];
		for (const route of routes) {
			for (const url of urlsFor(route)) {
				if (route.kind === 'endpoint') requests.push({ url, accept: 'application/json' });
				else {
					requests.push({ url, accept: 'text/html' });
					// The page's server data, as the browser fetches it on client-side navigation.
					const [pathname, search] = url.split('?');
					const data = `${pathname === '/' ? '' : pathname}/__data.json${search ? `?${search}` : ''}`;
					requests.push({ url: data, accept: 'application/json' });
				}
			}
		}
		await inParallel(requests, 6, async ({ url, accept }) => {
			await get(url, accept);
		});
		if (fetched.size === before) break;
	}

	// Search: an answer that depends on a word the person may not read tells them the word is there.
	for (const route of routes.filter((r) => r.query.some((q) => SEARCH_PARAMETERS.has(q)))) {
		for (const path of fill(route, pools, person, school, false)) {
			// An endpoint that searches one workspace (GET /api/v1/search) is asked in each of the school's.
			const scoped = route.query.includes('workspaceId')
				? `&workspaceId=${encodeURIComponent(pools.of('workspace', false)[0] ?? '')}`
				: '';
			const asked = (word: string) => {
				const url = `${path}?q=${encodeURIComponent(word)}${scoped}`;
				return route.kind === 'page'
					? `${path === '/' ? '' : path}/__data.json?q=${encodeURIComponent(word)}`
					: url;
			};
			const accept = 'application/json';
			const nothing = await client.request(asked(`zz${school.book.run}nothing`), { headers: { accept } });
			const baseline = (await nothing.text()).replaceAll(`zz${school.book.run}nothing`, 'WORD');
			tally.responses += 1;
			for (const canary of school.book.all) {
				if (canary.readers.has(person)) continue;
				const response = await client.request(asked(canary.word), { headers: { accept } });
				const body = await response.text();
				tally.responses += 1;
				tally.fields += 1;
				tally.sightings.push(
					...school.book
						.scan(body.replaceAll(canary.word, ''), `GET ${asked(canary.word)} body`)
						.filter((s) => s.canary.word !== canary.word)
				);
				if (body.replaceAll(canary.word, 'WORD') !== baseline)
					tally.inferences.push(`${person}: searching ${asked('…')} for ${canary.field} answers differently`);
			}
		}
	}
	return new Set(pools.all());
}
