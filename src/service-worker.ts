/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline support: the app's built assets are cached on install, and the pages of documents a person has
// opened are kept so that they reload with no network (the document's content itself lives in IndexedDB).
// An observation in a classroom with flaky Wi-Fi must keep working once it has been opened once:
// - the page open when this worker first takes over is kept at once, not only from the next load on;
// - a document reached by a link (SvelteKit fetches only its data) gets its full page kept as well;
// - after an update, the kept pages are fetched again, because they name the old build's files.
// Signing out (any visit to /login) forgets the kept pages, which hold the person's data.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `assets-${version}`;
const PAGES = 'pages';
/** Kept page entries (HTML and data); the oldest go first. */
const MAX_PAGE_ENTRIES = 200;
/** Kept pages fetched again after an update; older ones are dropped. */
const REFRESHED_PAGES = 30;
const assetPaths = new Set([...build, ...files]);

/** Pages kept for offline use: home and documents. Never the API, the socket, or account pages. */
function isKeptPage(url: URL): boolean {
	const path = pagePath(url);
	return path === '/' || path === '/documents' || path.startsWith('/documents/');
}

/** The page a request is for: its own path, or the page whose data (`__data.json`) it asks for. */
function pagePath(url: URL): string {
	return url.pathname.replace(/\/__data\.json$/, '') || '/';
}

function isDataRequest(url: URL): boolean {
	return url.pathname.endsWith('/__data.json');
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((cache) => cache.addAll([...assetPaths]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			const keys = await caches.keys();
			await Promise.all(
				keys.filter((key) => key !== ASSETS && key !== PAGES).map((key) => caches.delete(key))
			);
			await sw.clients.claim();
			await refreshKeptPages();
			await keepOpenPages();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (assetPaths.has(url.pathname)) {
		event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
		return;
	}
	if (url.pathname === '/login') {
		// Signed out, or the session ended: whatever pages were kept belong to someone who left.
		event.waitUntil(caches.delete(PAGES));
		return;
	}
	if (isKeptPage(url)) {
		event.respondWith(networkFirst(request, url));
		// Reached by a link, the page's HTML never passes through here: fetch it once too, so that a reload
		// offline works. Once: every page load is a read the access ledger may record.
		if (isDataRequest(url)) event.waitUntil(keepPageOnce(new URL(pagePath(url), url.origin).href));
		return;
	}
	if (request.mode === 'navigate') event.respondWith(fetch(request).catch(() => offlinePage()));
});

async function networkFirst(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(PAGES);
	try {
		const response = await fetch(request);
		await remember(cache, request, response);
		return response;
	} catch (error) {
		// SvelteKit adds a changing query to data requests (`x-sveltekit-invalidated`): any copy will do.
		const cached = await cache.match(request, { ignoreSearch: isDataRequest(url) });
		if (cached) return cached;
		if (request.mode === 'navigate') return offlinePage();
		throw error;
	}
}

/** Keeps a good answer for offline use: never an error, a redirect (to the login page) or another origin's. */
async function remember(cache: Cache, request: Request | string, response: Response): Promise<void> {
	if (!response.ok || response.redirected || response.type !== 'basic') return;
	// Delete first, so the entry moves to the end of the cache's order and trimming drops the oldest.
	await cache.delete(request);
	await cache.put(request, response.clone());
	const keys = await cache.keys();
	await Promise.all(
		keys.slice(0, Math.max(0, keys.length - MAX_PAGE_ENTRIES)).map((key) => cache.delete(key))
	);
}

async function keepPage(href: string): Promise<void> {
	try {
		const cache = await caches.open(PAGES);
		const response = await fetch(href, { credentials: 'same-origin' });
		await remember(cache, href, response);
	} catch {
		// Offline or refused: the copy kept before, if any, stays.
	}
}

async function keepPageOnce(href: string): Promise<void> {
	const cache = await caches.open(PAGES);
	if (!(await cache.match(href))) await keepPage(href);
}

/** The pages open in windows right now: kept at once, so the first visit already survives a reload offline. */
async function keepOpenPages(): Promise<void> {
	const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const pages = new Set(
		windows
			.map((client) => new URL(client.url))
			.filter((url) => url.origin === sw.location.origin && isKeptPage(url))
	);
	await Promise.all([...pages].map((url) => keepPage(new URL(url.pathname, url.origin).href)));
}

/**
 * Kept pages name the previous build's files, which this version no longer serves: fetch the most recent
 * ones again (data entries do not depend on the build). Older ones are dropped rather than left broken.
 */
async function refreshKeptPages(): Promise<void> {
	const cache = await caches.open(PAGES);
	const pages = (await cache.keys()).filter((request) => !isDataRequest(new URL(request.url)));
	const stale = pages.slice(0, Math.max(0, pages.length - REFRESHED_PAGES));
	await Promise.all(stale.map((request) => cache.delete(request)));
	await Promise.all(pages.slice(stale.length).map((request) => keepPage(request.url)));
}

function offlinePage(): Response {
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Tandem</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #0f172a">
<h1 style="font-size: 1.5rem">You are offline</h1>
<p>This page has not been opened on this device yet, so it cannot be shown without a connection. Documents you have opened here before still work offline.</p>
<p><a href="/" style="color: #1e40af">Go to the home page</a></p></body></html>`;
	return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
