// The routes to crawl, read from the route tree itself: a new page or a new GET endpoint is crawled without
// anyone remembering to add it here.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const routesDir = path.join(root, 'src/routes');
const libDir = path.join(root, 'src/lib');

export interface CrawlRoute {
	/** The route as written, "/api/v1/documents/[id]/versions/[versionId]". */
	pattern: string;
	/** Its parameters in order, with the path segment before each ("documents", "versions"). */
	params: { name: string; resource: string }[];
	/** Query parameters the handler reads (`searchParams.get('…')`, directly or in a function it passes them to). */
	query: string[];
	kind: 'endpoint' | 'page';
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

function patternOf(file: string): string {
	const relative = path.relative(routesDir, path.dirname(file)).split(path.sep);
	// Route groups "(app)" do not appear in URLs.
	const segments = relative.filter((s) => s !== '' && !/^\(.*\)$/.test(s));
	return `/${segments.join('/')}`;
}

function paramsOf(pattern: string): CrawlRoute['params'] {
	const segments = pattern.split('/');
	const params: CrawlRoute['params'] = [];
	segments.forEach((segment, index) => {
		const match = /^\[([a-zA-Z]+)\]$/.exec(segment);
		if (match) params.push({ name: match[1] as string, resource: segments[index - 1] ?? '' });
	});
	return params;
}

let libSources: string[] | null = null;
function libraryFunction(name: string): string {
	libSources ??= walk(libDir)
		.filter((f) => f.endsWith('.ts'))
		.map((f) => readFileSync(f, 'utf8'));
	for (const source of libSources) {
		const start = source.search(new RegExp(`export (?:async )?function ${name}\\b`));
		if (start < 0) continue;
		const rest = source.slice(start + 1);
		const end = rest.search(/\nexport /);
		return end < 0 ? rest : rest.slice(0, end);
	}
	return '';
}

function queryOf(source: string): string[] {
	const names = new Set<string>();
	const read = (text: string) => {
		for (const match of text.matchAll(/\.get\(\s*'([a-zA-Z]+)'\s*\)/g)) names.add(match[1] as string);
	};
	for (const match of source.matchAll(/searchParams\.get\(\s*'([a-zA-Z]+)'\s*\)/g))
		names.add(match[1] as string);
	// A handler that hands its query to a function: that function's reads count too (parseCycleFilters).
	for (const match of source.matchAll(/(\w+)\(\s*(?:event\.)?url\.searchParams\s*\)/g))
		read(libraryFunction(match[1] as string));
	return [...names];
}

/** Every GET endpoint (`+server.ts` exporting GET) and every page (`+page.svelte`), catch-alls excluded. */
export function crawlRoutes(): CrawlRoute[] {
	const routes: CrawlRoute[] = [];
	for (const file of walk(routesDir)) {
		const base = path.basename(file);
		const pattern = patternOf(file);
		// A catch-all is the API's 404 for unknown paths: nothing to fill in.
		if (pattern.includes('[...')) continue;
		if (base === '+server.ts') {
			const source = readFileSync(file, 'utf8');
			if (!/export (?:const|async function|function) GET\b/.test(source)) continue;
			routes.push({ pattern, params: paramsOf(pattern), query: queryOf(source), kind: 'endpoint' });
		} else if (base === '+page.svelte') {
			const server = path.join(path.dirname(file), '+page.server.ts');
			let source = '';
			try {
				source = readFileSync(server, 'utf8');
			} catch {
				// A page without a server load reads no query on the server.
			}
			routes.push({ pattern, params: paramsOf(pattern), query: queryOf(source), kind: 'page' });
		}
	}
	return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
