// The pages one person reaches from their navigation, rendered in Chromium so that what the page fetches
// after loading (data, the collaboration socket's frames) is scanned too. Links are followed recursively,
// up to a limit, breadth first from the home page.
import { chromium, type Browser } from '@playwright/test';
import { resolveChromium } from '../chromium.ts';
import type { SignedUp } from '../http-client.ts';
import type { CanaryBook } from './canary-book.ts';
import type { CrawlTally } from './crawl-http.ts';

export async function launchCrawler(): Promise<Browser> {
	// resolveChromium fails loudly (and under CI=true, says so) when there is no browser: a crawl that did
	// not run must never pass.
	return chromium.launch({
		executablePath: resolveChromium(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
}

/** Downloads and the way out are not pages to crawl. */
function crawlable(url: URL, origin: string): boolean {
	if (url.origin !== origin) return false;
	if (url.pathname === '/logout' || url.pathname.startsWith('/invite/')) return false;
	return !/\.(csv|ics)$/.test(url.pathname);
}

export async function crawlBrowser(options: {
	browser: Browser;
	baseUrl: string;
	who: SignedUp;
	label: string;
	book: CanaryBook;
	tally: CrawlTally;
	maxPages: number;
}): Promise<{ pages: string[] }> {
	const { browser, baseUrl, who, book, tally } = options;
	const origin = new URL(baseUrl).origin;
	const context = await browser.newContext({ baseURL: baseUrl });
	await context.addCookies(
		who.client.cookieHeader
			.split('; ')
			.filter(Boolean)
			.map((pair) => {
				const index = pair.indexOf('=');
				return { name: pair.slice(0, index), value: pair.slice(index + 1), url: origin };
			})
	);
	const page = await context.newPage();
	const scans: Promise<void>[] = [];
	page.on('response', (response) => {
		scans.push(
			(async () => {
				const headers = Object.entries(await response.allHeaders())
					.map(([k, v]) => `${k}: ${v}`)
					.join('\n');
				tally.fields += 1;
				tally.sightings.push(...book.scan(headers, `browser ${options.label} ${response.url()} headers`));
				// Redirects and aborted requests have no body to read.
				const body = await response.body().catch(() => null);
				tally.responses += 1;
				if (!body) return;
				tally.fields += 1;
				tally.bytes += body.byteLength;
				tally.sightings.push(...book.scan(body, `browser ${options.label} ${response.url()} body`));
			})()
		);
	});
	page.on('websocket', (socket) => {
		socket.on('framereceived', ({ payload }) => {
			tally.fields += 1;
			tally.bytes += payload.length;
			tally.sightings.push(...book.scan(payload, `browser ${options.label} socket ${socket.url()} frame`));
		});
	});

	const queue = ['/'];
	const seen = new Set(queue);
	// The HTTP crawl fetches every page with every id; the browser adds what pages fetch once they run, which
	// is the same for every id of a route: one of each route is enough.
	const perRoute = new Map<string, number>();
	const routeOf = (url: URL) => url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '[id]');
	const visited: string[] = [];
	while (queue.length > 0 && visited.length < options.maxPages) {
		const path = queue.shift() as string;
		visited.push(path);
		try {
			await page.goto(path, { waitUntil: 'load', timeout: 15_000 });
			// Then what the page fetches and syncs once it runs; a page that keeps a socket open or polls
			// never goes idle, so this waits a moment, not for silence.
			await page.waitForLoadState('networkidle', { timeout: 1500 }).catch(() => {});
		} catch {
			// A page that failed to load is still scanned as it stands.
		}
		// What is on screen now, after the client rendered and fetched.
		const rendered = await page.content();
		tally.fields += 1;
		tally.bytes += rendered.length;
		tally.sightings.push(...book.scan(rendered, `browser ${options.label} ${path} rendered page`));
		const links = await page.$$eval('a[href]', (anchors) =>
			anchors.map((a) => (a as HTMLAnchorElement).href)
		);
		for (const link of links) {
			const url = new URL(link, baseUrl);
			url.hash = '';
			const next = `${url.pathname}${url.search}`;
			const route = routeOf(url);
			if (crawlable(url, origin) && !seen.has(next) && (perRoute.get(route) ?? 0) < 1) {
				seen.add(next);
				perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
				queue.push(next);
			}
		}
	}
	await Promise.allSettled(scans);
	await context.close();
	return { pages: visited };
}
