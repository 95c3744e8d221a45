// WCAG 2.1 AA on every page each kind of person reaches, at desktop and 390 px phone widths: axe-core's rules
// (a serious or critical violation fails; every violation is written to .tmp/reports/accessibility.json) and
// the reflow check axe does not make. The school is the canary crawl's: every kind of document, filled in.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { buildCanarySchool, type CanarySchool, type Person } from '../support/canary/canary-school.ts';
import type { SignedUp } from '../support/http-client.ts';
import { crawlAndAudit, type CrawlResult, type Finding } from './support/accessibility-audit.ts';

// Each person's crawl loads and audits a dozen to thirty pages twice over.
test.describe.configure({ timeout: 300_000 });

let school: CanarySchool;
const results: CrawlResult[] = [];

test.beforeAll(async ({ baseURL }) => {
	const base = baseURL as string;
	school = await buildCanarySchool(base, `${base.replace(/^http/, 'ws')}/collab`);
});

test.afterAll(() => {
	mkdirSync('.tmp/reports', { recursive: true });
	const findings = results.flatMap((r) => r.findings);
	writeFileSync(
		'.tmp/reports/accessibility.json',
		JSON.stringify(
			{
				pages: results.flatMap((r) => r.pages.map((p) => `${r.findings[0]?.who ?? ''} ${p}`)),
				findings,
				overflow: results.flatMap((r) => r.overflow)
			},
			null,
			2
		)
	);
});

async function signedInContext(browser: Browser, baseURL: string, who: SignedUp) {
	const context = await browser.newContext({ baseURL });
	const origin = new URL(baseURL).origin;
	await context.addCookies(
		who.client.cookieHeader
			.split('; ')
			.filter(Boolean)
			.map((pair) => {
				const index = pair.indexOf('=');
				return { name: pair.slice(0, index), value: pair.slice(index + 1), url: origin };
			})
	);
	return context;
}

const blocking = (findings: Finding[]) =>
	findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
const describe = (findings: Finding[]) =>
	findings.map(
		(f) => `${f.who} ${f.page} @${f.width}px: ${f.rule} (${f.impact}) ${f.help} — ${f.targets.join(', ')}`
	);

// A coach, the pair's teacher (also in the PLC) and an admin who does not coach: between them every page and
// every kind of document, each seen as its roles see it. (The admin who coaches and the second teacher reach
// the same pages with the same panels: measured, they found nothing the three did not.)
const AUDITED: Person[] = ['coach', 'teacher', 'admin'];

for (const who of AUDITED) {
	test(`every page ${who} reaches meets WCAG 2.1 AA at desktop and phone widths`, async ({
		browser,
		baseURL
	}) => {
		const context = await signedInContext(browser, baseURL as string, school.people[who]);
		const result = await crawlAndAudit(context, baseURL as string, who, ['/']);
		results.push(result);
		await context.close();
		console.log(
			`${who}: ${result.pages.length} pages, ${result.findings.length} findings\n  ${result.pages.join('\n  ')}\n${describe(result.findings).join('\n')}`
		);
		expect(result.pages.length).toBeGreaterThan(5);
		expect.soft(describe(blocking(result.findings))).toEqual([]);
		expect.soft(result.overflow).toEqual([]);
	});
}

test('the pages before signing in meet WCAG 2.1 AA at desktop and phone widths', async ({
	browser,
	baseURL
}) => {
	const invitation = await school.people.adminCoach.client.json<{ url: string }>(
		`/api/v1/workspaces/${school.landmarks.workspaceId}/invitations`,
		{ method: 'POST', body: { email: `a11y-${Date.now()}@school.example`, roles: ['teacher'] } }
	);
	expect(invitation.status).toBe(201);
	const context = await browser.newContext({ baseURL });
	const result = await crawlAndAudit(context, baseURL as string, 'visitor', [
		'/login',
		'/signup',
		'/forgot-password',
		'/reset-password/not-a-real-token',
		new URL(invitation.body.url).pathname
	]);
	results.push(result);
	await context.close();
	console.log(describe(result.findings).join('\n'));
	expect(result.pages.length).toBeGreaterThanOrEqual(5);
	expect.soft(describe(blocking(result.findings))).toEqual([]);
	expect.soft(result.overflow).toEqual([]);
});
