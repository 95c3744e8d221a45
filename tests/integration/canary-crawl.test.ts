// The canary crawl (issue 13 §3): the pair writes a unique word into every content field, then each person of
// the school crawls everything they can reach — every page and GET endpoint of the route tree with every id
// they know, the pages rendered in Chromium, their calendar feed, the CSV export, /metrics, search and the
// socket — and no word of a document or cycle they may not read may appear in any body, header or frame.
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import type { Sighting } from '../support/canary/canary-book.ts';
import { crawlBrowser, launchCrawler } from '../support/canary/crawl-browser.ts';
import { crawlHttp, emptyTally, type CrawlTally } from '../support/canary/crawl-http.ts';
import { crawlSocket } from '../support/canary/crawl-socket.ts';
import {
	buildCanarySchool,
	PEOPLE,
	type CanarySchool,
	type Person
} from '../support/canary/canary-school.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Pages each person's browser visits at most: the whole navigation of this school, with room to spare. */
const BROWSER_PAGES = 30;

describe.each(backends)('canary crawl (%s)', (backend) => {
	let server: TestServer;
	let browser: Browser | undefined;
	let school: CanarySchool;
	const tallies = new Map<Person, CrawlTally>();

	beforeAll(async () => {
		const chromium = await launchCrawler();
		browser = chromium;
		server = await startTestServer(backend);
		school = await buildCanarySchool(server.url, server.wsUrl);
		const started = Date.now();
		const crawl = async (person: Person) => {
			const tally = emptyTally();
			tallies.set(person, tally);
			const who = school.people[person];
			const t0 = Date.now();
			const known = await crawlHttp({ person, client: who.client, school, tally });
			const t1 = Date.now();
			const documentIds = [...(school.ids.get('document') ?? []), ...known];
			await crawlSocket({ wsUrl: server.wsUrl, who, label: person, documentIds, book: school.book, tally });
			const t2 = Date.now();
			const { pages } = await crawlBrowser({
				browser: chromium,
				baseUrl: server.url,
				who,
				label: person,
				book: school.book,
				tally,
				maxPages: BROWSER_PAGES
			});
			console.log(
				`  ${person}: HTTP ${t1 - t0} ms, socket ${t2 - t1} ms, browser ${Date.now() - t2} ms for ${pages.length} pages`
			);
		};
		// Two people at a time: each crawl mostly waits on the server and the browser.
		const lanes = [PEOPLE.filter((_, i) => i % 2 === 0), PEOPLE.filter((_, i) => i % 2 === 1)];
		await Promise.all(
			lanes.map(async (lane) => {
				for (const person of lane) await crawl(person);
			})
		);
		const total = [...tallies.values()].reduce(
			(sum, t) => ({
				responses: sum.responses + t.responses,
				fields: sum.fields + t.fields,
				bytes: sum.bytes + t.bytes
			}),
			{ responses: 0, fields: 0, bytes: 0 }
		);
		console.log(
			`canary crawl (${backend}): ${school.book.all.length} canaries in ${school.writes} writes; ` +
				`${PEOPLE.length} people crawled ${total.responses} responses and socket joins, ` +
				`${total.fields} bodies, headers and frames (${(total.bytes / 1e6).toFixed(1)} MB) checked ` +
				`in ${Math.round((Date.now() - started) / 1000)} s`
		);
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await server?.dispose();
	});

	it('reads every canary back for someone allowed to read it: the crawl reaches every field', () => {
		const seenBy = new Map<string, Set<Person>>();
		for (const [person, tally] of tallies)
			for (const sighting of tally.sightings) {
				const set = seenBy.get(sighting.canary.word) ?? new Set<Person>();
				set.add(person);
				seenBy.set(sighting.canary.word, set);
			}
		const unreached = school.book.all
			.filter((c) => !c.unseen && ![...(seenBy.get(c.word) ?? [])].some((p) => c.readers.has(p)))
			.map((c) => c.field);
		expect(unreached).toEqual([]);
	});

	it('shows nobody a canary of a document or cycle they may not read', () => {
		const leaks = new Map<string, Sighting[]>();
		for (const [person, tally] of tallies)
			for (const sighting of tally.sightings) {
				if (sighting.canary.readers.has(person)) continue;
				const key = `${sighting.canary.field} → ${person}`;
				leaks.set(key, [...(leaks.get(key) ?? []), sighting]);
			}
		// One line per field and person, with the first places it showed (a field usually leaks in many).
		const report = [...leaks].map(
			([key, sightings]) =>
				`${key}: ${sightings.length} time(s), e.g. ${sightings
					.slice(0, 3)
					.map((s) => `${s.where}${s.encoding === 'text' ? '' : ` [${s.encoding}]`}`)
					.join(' | ')}`
		);
		expect(report).toEqual([]);
	});

	it('answers a search for a word someone may not read as it answers a search for nothing', () => {
		const inferences = [...tallies.values()].flatMap((t) => t.inferences);
		expect(inferences).toEqual([]);
	});
});
