// Keyboard-only journeys (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): after the school is set up through the API, every
// step is a key press. A person signs in, reaches a lesson plan from the cycle, types, formats from the toolbar,
// walks out of a table and out of the editor without a trap, starts an observation, writes a note, adds a tool
// and taps it, and runs a PLC's timer. After every move the focused element shows a visible focus ring.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PHONE, reflowOverflow } from './support/accessibility-audit.ts';
import { editor, formPost, openSchool, PASSWORD, person, type Person } from './support/school.ts';

/** What has the focus, for messages: its role-ish tag and its text or label. */
const describeFocus = (page: Page) =>
	page.evaluate(() => {
		const element = document.activeElement;
		if (!element) return 'nothing';
		const label =
			element.getAttribute('aria-label') ?? (element as HTMLElement).innerText?.slice(0, 40) ?? '';
		return `${element.tagName.toLowerCase()} "${label.trim()}"`;
	});

/** The focused element draws a ring: an outline or a box-shadow, never nothing (WCAG 2.4.7). */
async function expectVisibleFocus(page: Page) {
	const ring = await page.evaluate(() => {
		const element = document.activeElement;
		if (!element || element === document.body) return 'focus is on the page itself';
		const style = getComputedStyle(element);
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
		const shadow = style.boxShadow !== 'none';
		return outline || shadow ? 'visible' : `no ring on ${element.tagName.toLowerCase()}`;
	});
	expect(ring).toBe('visible');
}

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

const onPage = (page: Page) => page.evaluate(() => document.activeElement === document.body);

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking the ring at each stop. The one stop
 * without a ring is the page itself, where the Tab order wraps round past the browser's own controls.
 */
async function tabTo(page: Page, target: Locator, { backwards = false, limit = 80 } = {}) {
	for (let presses = 0; presses < limit; presses++) {
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
		if (await onPage(page)) continue;
		await expectVisibleFocus(page);
		if (await isFocused(target)) return;
	}
	throw new Error(`Tab never reached the target; focus is on ${await describeFocus(page)}`);
}

test('a teacher and a coach use Tandem by keyboard alone, never trapped, focus always visible', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const base = baseURL as string;
	const school = await openSchool(
		browser,
		base,
		[{ name: 'Kim Keyboard', roles: ['teacher'] }],
		'Keys School'
	);
	const signedIn = school.members['Kim Keyboard'] as Person;
	const kim = await (await signedIn.context.request.get('/api/v1/me')).json();
	const started = await school.coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: kim.user.id, title: 'Checks for understanding', focus: 'Exit tickets' },
		headers: { origin: base }
	});
	expect(started.status()).toBe(201);
	const cycle = await started.json();
	for (const [kind, title] of [
		['lesson_plan', 'Fractions lesson'],
		['observation', 'Fractions observation']
	]) {
		const created = await school.coach.context.request.post(`/api/v1/cycles/${cycle.id}/documents`, {
			data: { kind, title },
			headers: { origin: base }
		});
		expect(created.status()).toBe(201);
	}

	// Kim signs in from a fresh browser by keyboard: Tab to each field, type, Enter.
	const { page } = await person(browser, base);
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor();
	await tabTo(page, page.getByLabel('Email'));
	await page.keyboard.type(kim.user.email);
	await tabTo(page, page.getByLabel('Password'));
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => url.pathname === '/');
	await page.locator('html[data-hydrated]').waitFor();

	// From home to the cycle, and from the cycle to its lesson plan, by links.
	await tabTo(page, page.getByRole('link', { name: 'Checks for understanding' }).first());
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/cycles\//);
	await page.locator('html[data-hydrated]').waitFor();
	await tabTo(page, page.getByRole('link', { name: 'Fractions lesson' }).first());
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/documents\//);
	await page.locator('html[data-hydrated]').waitFor();
	await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();

	// Into the text, type, then bold from the toolbar: Alt+F10, arrows, Enter. The toolbar hands the focus
	// back to the text after a command.
	await tabTo(page, editor(page));
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Kim typed this by keyboard');
	for (let letter = 0; letter < 'keyboard'.length; letter++) await page.keyboard.press('Shift+ArrowLeft');
	await page.keyboard.press('Alt+F10');
	await expectVisibleFocus(page);
	const bold = page.getByRole('toolbar').getByRole('button', { name: 'Bold' });
	for (let presses = 0; presses < 20 && !(await isFocused(bold)); presses++)
		await page.keyboard.press('ArrowRight');
	expect(await isFocused(bold)).toBe(true);
	await page.keyboard.press('Enter');
	await expect(editor(page).locator('strong', { hasText: /^keyboard$/ })).toBeVisible();
	expect(await isFocused(editor(page))).toBe(true);

	// A table: Tab walks its cells; Tab at the last cell leaves the editor instead of adding a row.
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.press('Alt+F10');
	const insertTable = page.getByRole('toolbar').getByRole('button', { name: 'Insert table' });
	for (let presses = 0; presses < 30 && !(await isFocused(insertTable)); presses++)
		await page.keyboard.press('ArrowRight');
	expect(await isFocused(insertTable)).toBe(true);
	await page.keyboard.press('Enter');
	const table = editor(page).locator('table').last();
	await expect(table.locator('tr')).toHaveCount(3);
	const cells = await table.locator('th, td').count();
	for (let cell = 1; cell < cells; cell++) await page.keyboard.press('Tab');
	expect(await editor(page).evaluate((element) => element.contains(document.activeElement))).toBe(true);
	await page.keyboard.press('Tab');
	expect(await editor(page).evaluate((element) => element.contains(document.activeElement))).toBe(false);
	await expectVisibleFocus(page);
	await expect(table.locator('tr')).toHaveCount(3);

	// Escape leaves the text from anywhere (in a list, Tab indents): the frame takes the focus, Tab goes on.
	await tabTo(page, editor(page), { backwards: true });
	await page.keyboard.press('ControlOrMeta+Home');
	expect(await isFocused(editor(page))).toBe(true);
	await page.keyboard.press('Escape');
	expect(await editor(page).evaluate((element) => element.contains(document.activeElement))).toBe(false);
	await expectVisibleFocus(page);
	await page.keyboard.press('Tab');
	expect(await editor(page).evaluate((element) => element.contains(document.activeElement))).toBe(false);
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();

	// The observation: start it, write a note, add a tool from the library and tap it.
	await page.goto(`/cycles/${cycle.id}`);
	await page.locator('html[data-hydrated]').waitFor();
	await tabTo(page, page.getByRole('link', { name: 'Fractions observation' }).first());
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/documents\//);
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();
	const startButton = page.getByRole('button', { name: 'Start observation' });
	await tabTo(page, startButton);
	await page.keyboard.press('Enter');
	// The same button, now "Stop observation", keeps the focus (it used to drop to the page).
	const stopButton = page.getByRole('button', { name: 'Stop observation' });
	await expect(stopButton).toBeVisible();
	expect(await isFocused(stopButton)).toBe(true);
	const note = page.getByRole('form', { name: 'Add a note' }).getByLabel('Note', { exact: true });
	await tabTo(page, note);
	await page.keyboard.type('Kim checks the exit tickets');
	await page.keyboard.press('Enter');
	await expect(page.getByText('Kim checks the exit tickets')).toBeVisible();
	await tabTo(page, page.getByRole('button', { name: 'Add a tool' }));
	await page.keyboard.press('Enter');
	const addQuestions = page.getByRole('button', { name: /^Add Question/ }).first();
	await tabTo(page, addQuestions);
	const toolName = (await addQuestions.innerText()).replace(/^Add /, '').trim();
	await page.keyboard.press('Enter');
	// The library button is gone; the new tool's heading has the focus.
	const heading = page.getByLabel('Data tools').getByRole('heading', { name: toolName, level: 4 });
	await expect(heading).toBeVisible();
	expect(await isFocused(heading)).toBe(true);
	const firstTap = page
		.locator('section', { has: heading })
		.getByRole('button')
		.filter({ hasText: /\d+$/ })
		.first();
	await tabTo(page, firstTap);
	await page.keyboard.press('Enter');
	await expect(firstTap).toContainText(/1$/);
	await page.keyboard.press('Space');
	await expect(firstTap).toContainText(/2$/);
	await tabTo(page, stopButton, { backwards: true });
	await page.keyboard.press('Enter');
	const resume = page.getByRole('button', { name: 'Resume observation' });
	await expect(resume).toBeVisible();
	expect(await isFocused(resume)).toBe(true);

	// The chart of the tool just tapped carries a visually hidden data table, six levels wide: on a phone it
	// must not stretch the page sideways (WCAG 1.4.10; a table box ignores .sr-only's 1 px width).
	await page.setViewportSize(PHONE);
	await expect(page.getByLabel('Charts').getByRole('heading', { name: toolName })).toBeAttached();
	expect(await reflowOverflow(page)).toEqual([]);
});

test('a PLC member runs the protocol timer by keyboard', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const base = baseURL as string;
	const school = await openSchool(
		browser,
		base,
		[{ name: 'Lee Listener', roles: ['teacher'] }],
		'Timer School'
	);
	const lee = school.members['Lee Listener'] as Person;
	const leeMe = await (await lee.context.request.get('/api/v1/me')).json();
	const coachMe = await (await school.coach.context.request.get('/api/v1/me')).json();
	const created = await formPost(school.coach, base, '/plcs?/create', {
		name: 'Grade 3 team',
		description: '',
		facilitatorId: coachMe.user.id,
		memberIds: leeMe.user.id
	});
	expect(created.status()).toBe(303);
	const plcId = (created.headers().location ?? '').split('/').pop() as string;
	const protocol = await school.coach.context.request.post(`/api/v1/plcs/${plcId}/documents`, {
		data: { kind: 'protocol', template: 'plc_protocol' },
		headers: { origin: base }
	});
	expect(protocol.status()).toBe(201);
	const { id } = await protocol.json();

	const { page } = lee;
	await page.goto(`/documents/${id}`);
	await page.locator('html[data-hydrated]').waitFor();
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();
	const timer = page.locator('section', { has: page.getByRole('heading', { name: /timer$/i }) }).last();
	const phaseName = timer.getByLabel('New phase');
	if ((await timer.getByRole('list', { name: 'Phases' }).getByRole('listitem').count()) === 0) {
		await tabTo(page, phaseName);
		await page.keyboard.type('Notice and wonder');
		await tabTo(page, timer.getByLabel('Minutes'));
		await page.keyboard.type('5');
		await page.keyboard.press('Enter');
		await expect(timer.getByRole('list', { name: 'Phases' }).getByRole('listitem')).toHaveCount(1);
	}
	const start = timer.getByRole('button', { name: 'Start', exact: true });
	await tabTo(page, start);
	await page.keyboard.press('Enter');
	await expect(timer).toContainText(/Phase 1 of \d+/);
	// The same button is now Pause and keeps the focus (Start used to vanish and drop it to the page).
	const pause = timer.getByRole('button', { name: 'Pause' });
	expect(await isFocused(pause)).toBe(true);
	await expectVisibleFocus(page);
	await page.keyboard.press('Enter');
	await expect(timer.getByText('Paused')).toBeVisible();
	expect(await isFocused(timer.getByRole('button', { name: 'Resume' }))).toBe(true);
	// Reset disables itself: the focus goes to Start.
	await tabTo(page, timer.getByRole('button', { name: 'Reset' }));
	await page.keyboard.press('Enter');
	expect(await isFocused(start)).toBe(true);
});
