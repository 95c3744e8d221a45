// What the accessibility audit does on each page a person reaches: axe-core's WCAG 2.1 A and AA rules at
// desktop width and again at a 390 px phone width, and the reflow check axe cannot make (WCAG 1.4.10: at
// 320 CSS px of width nothing may need scrolling sideways; 390 px is the phone the coaches carry).
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
	who: string;
	page: string;
	width: number;
	rule: string;
	impact: string;
	help: string;
	/** CSS selectors of the offending elements (markup only: the crawl's school carries no real people). */
	targets: string[];
}

/** The page scrolls sideways at its current width: what stretches it, for the report. */
export async function reflowOverflow(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= width) return [];
		// The widest elements that reach past the right edge and are not inside a scrolling container.
		const offenders: string[] = [];
		for (const element of Array.from(document.body.querySelectorAll('*'))) {
			const box = element.getBoundingClientRect();
			if (box.right <= width + 1) continue;
			let parent = element.parentElement;
			let clipped = false;
			while (parent && parent !== document.body) {
				const overflowX = getComputedStyle(parent).overflowX;
				if (overflowX !== 'visible') clipped = true;
				parent = parent.parentElement;
			}
			if (!clipped) {
				const name = element.tagName.toLowerCase();
				const classes = element.getAttribute('class')?.split(/\s+/).slice(0, 3).join('.') ?? '';
				offenders.push(`${name}${classes ? `.${classes}` : ''} (right edge ${Math.round(box.right)} px)`);
			}
			if (offenders.length >= 5) break;
		}
		if (offenders.length > 0) return offenders;
		// Everything past the edge is inside something that clips: name the widest of those.
		const widest = Array.from(document.body.querySelectorAll('*'))
			.map((element) => ({ element, right: element.getBoundingClientRect().right }))
			.sort((a, b) => b.right - a.right)
			.slice(0, 3);
		return widest.map(
			({ element, right }) =>
				`${element.tagName.toLowerCase()}.${element.getAttribute('class')?.split(/\s+/).slice(0, 3).join('.') ?? ''} (right edge ${Math.round(right)} px, document ${document.documentElement.scrollWidth} px)`
		);
	});
}

export async function audit(page: Page, who: string, path: string): Promise<Finding[]> {
	const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
	const width = page.viewportSize()?.width ?? 0;
	return result.violations.map((violation) => ({
		who,
		page: path,
		width,
		rule: violation.id,
		impact: violation.impact ?? 'unknown',
		help: violation.help,
		targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' '))
	}));
}

/** Downloads and the way out are not pages to audit. */
function auditable(url: URL, origin: string): boolean {
	if (url.origin !== origin) return false;
	if (url.pathname === '/logout' || url.pathname.startsWith('/invite/')) return false;
	return !/\.(csv|ics|json|md|zip|pdf)$/.test(url.pathname) && !url.pathname.startsWith('/api/');
}

/**
 * A page's route, for "one of each": ids become [id]. A document page renders each kind's own panels, so
 * documents are told apart by kind, audience (the coach's sealed notes) and home (a cycle or a PLC).
 */
async function routeOf(context: BrowserContext, url: URL): Promise<string> {
	const document = /^\/documents\/([0-9a-f-]{36})$/.exec(url.pathname);
	if (!document) return url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '[id]');
	const response = await context.request.get(`/api/v1/documents/${document[1]}`);
	if (!response.ok()) return url.pathname;
	const { kind, audience, plcId } = (await response.json()) as {
		kind: string;
		audience?: string | null;
		plcId?: string | null;
	};
	return `/documents/[${kind} ${audience ?? ''} ${plcId ? 'plc' : 'cycle'}]`;
}

export interface CrawlResult {
	pages: string[];
	findings: Finding[];
	overflow: { who: string; page: string; offenders: string[] }[];
}

/**
 * Breadth first from `start`, following the links each page shows: every route the person reaches once, every
 * document they reach (a lesson plan, an observation and a goal are different pages). Each page is audited at
 * desktop width, then resized to a phone and audited again without reloading.
 */
export async function crawlAndAudit(
	context: BrowserContext,
	baseURL: string,
	who: string,
	start: string[],
	maxPages = 60
): Promise<CrawlResult> {
	const page = await context.newPage();
	const origin = new URL(baseURL).origin;
	const result: CrawlResult = { pages: [], findings: [], overflow: [] };
	const queue = [...start];
	const seenRoutes = new Set(await Promise.all(queue.map((path) => routeOf(context, new URL(path, origin)))));
	while (queue.length > 0 && result.pages.length < maxPages) {
		const path = queue.shift() as string;
		await page.setViewportSize(DESKTOP);
		await page.goto(path, { waitUntil: 'load' });
		await page.locator('html[data-hydrated]').waitFor({ timeout: 15_000 });
		// Let the socket sync and the page settle into what a person sees.
		await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
		result.pages.push(path);
		result.findings.push(...(await audit(page, who, path)));
		await page.setViewportSize(PHONE);
		await page.waitForTimeout(100);
		result.findings.push(...(await audit(page, who, path)));
		const offenders = await reflowOverflow(page);
		if (offenders.length > 0) result.overflow.push({ who, page: path, offenders });

		const links = await page.$$eval('a[href]', (anchors) =>
			anchors.map((a) => (a as HTMLAnchorElement).href)
		);
		for (const link of new Set(links)) {
			const url = new URL(link);
			url.hash = '';
			if (!auditable(url, origin)) continue;
			const route = await routeOf(context, url);
			if (seenRoutes.has(route)) continue;
			seenRoutes.add(route);
			queue.push(`${url.pathname}${url.search}`);
		}
	}
	await page.close();
	return result;
}
