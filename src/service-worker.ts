/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline support: the app's built assets are cached on install, and the pages of documents a person has
// opened are kept so that they reload with no network (the document's text itself lives in IndexedDB).
// Signing out (any visit to /login) forgets the kept pages, which hold the person's data.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `assets-${version}`;
const PAGES = 'pages';
const assetPaths = new Set([...build, ...files]);

/** Pages kept for offline use: home and documents. Never the API, the socket, or account pages. */
function isKeptPage(url: URL): boolean {
	const path = url.pathname.replace(/\/__data\.json$/, '') || '/';
	return path === '/' || path === '/documents' || path.startsWith('/documents/');
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
		caches
			.keys()
			.then((keys) =>
				Promise.all(keys.filter((key) => key !== ASSETS && key !== PAGES).map((key) => caches.delete(key)))
			)
			.then(() => sw.clients.claim())
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
	if (isKeptPage(url)) event.respondWith(networkFirst(request));
});

async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(PAGES);
	try {
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(request);
		if (cached) return cached;
		throw error;
	}
}
