// What the end-to-end tests share: people in browser contexts of their own, a school with a coach who
// runs it and the members they invite, and the few ways the tests read and type into pages.
import { randomBytes } from 'node:crypto';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple';

export interface Person {
	context: BrowserContext;
	page: Page;
}

// What Chromium refused under the Content-Security-Policy, in any page of any person: the CSP must not
// break the editor, the service worker or Svelte's transitions, so a spec can assert this stays empty.
const violations: string[] = [];
export function cspViolations(): string[] {
	return [...violations];
}

export async function person(browser: Browser, baseURL: string): Promise<Person> {
	const context = await browser.newContext({ baseURL });
	context.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	return { context, page: await context.newPage() };
}

/** A form post the way the browser sends it (SvelteKit checks the Origin and answers HTML with 303). */
export function formPost(who: Person, baseURL: string, path: string, form: Record<string, string>) {
	return who.context.request.post(path, {
		form,
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
}

export interface School {
	/** Signed up with the workspace: its admin, and a coach. */
	coach: Person;
	workspaceId: string;
	/** The invited members, by the name they joined with. */
	members: Record<string, Person>;
	/** A unique suffix for emails and names in this school. */
	id: string;
}

/** A new school: "Casey Coach" signs up with it and invites each member, who joins by the link. */
export async function openSchool(
	browser: Browser,
	baseURL: string,
	invited: { name: string; roles: string[] }[],
	schoolName = 'Maple School'
): Promise<School> {
	const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	const coach = await person(browser, baseURL);
	const signedUp = await formPost(coach, baseURL, '/signup', {
		name: 'Casey Coach',
		email: `coach-${id}@example.com`,
		password: PASSWORD,
		workspace: `${schoolName} ${id}`
	});
	expect(signedUp.status()).toBe(303);
	const me = await (await coach.context.request.get('/api/v1/me')).json();
	const workspaceId: string = me.workspaces[0].id;
	const members: Record<string, Person> = {};
	for (const [index, { name, roles }] of invited.entries()) {
		const invitation = await coach.context.request.post(`/api/v1/workspaces/${workspaceId}/invitations`, {
			data: { email: `member${index}-${id}@example.com`, roles },
			headers: { origin: baseURL }
		});
		expect(invitation.status()).toBe(201);
		const { url } = await invitation.json();
		const member = await person(browser, baseURL);
		const joined = await formPost(member, baseURL, new URL(url).pathname, { name, password: PASSWORD });
		expect(joined.status()).toBe(303);
		members[name] = member;
	}
	return { coach, workspaceId, members, id };
}

/** Opens a page and waits until it is interactive, so typing is not undone by hydration. */
export async function visit(page: Page, url: string) {
	const response = await page.goto(url);
	await page.locator('html[data-hydrated]').waitFor();
	return response;
}

/** The innermost section headed `heading`. */
export const section = (page: Page, heading: string): Locator =>
	page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) }).last();

export const editor = (page: Page): Locator => page.locator('.ProseMirror');

/** Opens a document page and waits until it can be typed into and everything is saved. */
export async function openDocument(page: Page, url: string, title: RegExp | string): Promise<void> {
	await visit(page, url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();
}

/** Types at the end of the document; each "\n" starts a new paragraph. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+End');
	for (const [index, line] of text.split('\n').entries()) {
		if (index > 0) await page.keyboard.press('Enter');
		await page.keyboard.type(line);
	}
}
