// Issue 2 end to end: sign up, invite a teacher by link, the teacher joins, and the basics of
// keyboard use and small screens on the sign-in pages. Each person gets a browser context of their own.
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

const PASSWORD = 'correct horse battery staple';

function unique(): string {
	return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

async function newPage(
	browser: Browser,
	baseURL: string | undefined,
	options: { viewport?: { width: number; height: number } } = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL, ...options });
	return { context, page: await context.newPage() };
}

async function signUp(page: Page, account: { name: string; email: string; workspace: string }) {
	await page.goto('/signup');
	await page.getByLabel('Your name', { exact: true }).fill(account.name);
	await page.getByLabel('Email', { exact: true }).fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await page.getByLabel('School or district', { exact: true }).fill(account.workspace);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(account.workspace);
}

test('an admin signs up, invites a teacher by link, and the teacher joins', async ({ browser, baseURL }) => {
	const id = unique();
	const workspace = `Maple High ${id}`;
	const admin = { name: 'Ada Admin', email: `admin-${id}@example.com`, workspace };
	const teacher = { name: `Tess Teacher ${id}`, email: `teacher-${id}@example.com` };

	// (a) Sign up: the new workspace's home, with the admin's and the coach's next steps.
	const { context: adminContext, page: adminPage } = await newPage(browser, baseURL);
	await signUp(adminPage, admin);
	await expect(adminPage.getByText('Invite your coaches and teachers')).toBeVisible();
	await expect(adminPage.getByText('Start a coaching cycle')).toBeVisible();

	// (b) Invite a teacher from the Members page and read the link.
	await adminPage.getByRole('link', { name: 'Members', exact: true }).click();
	await expect(adminPage).toHaveURL(/\/members$/);
	await adminPage.getByLabel('Email', { exact: true }).fill(teacher.email);
	await adminPage.getByRole('checkbox', { name: 'Teacher', exact: true }).check();
	await adminPage.getByRole('button', { name: 'Create invitation link' }).click();
	const linkField = adminPage.getByLabel('Invitation link', { exact: true });
	await expect(linkField).toHaveValue(/\/invite\/[^/]+$/);
	const invitationLink = await linkField.inputValue();

	// (c) The teacher opens the link in a browser of their own and joins.
	const { context: teacherContext, page: teacherPage } = await newPage(browser, baseURL);
	await teacherPage.goto(invitationLink);
	await expect(teacherPage.getByText(workspace).first()).toBeVisible();
	await teacherPage.getByLabel('Your name', { exact: true }).fill(teacher.name);
	await teacherPage.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await teacherPage.getByRole('button', { name: `Join ${workspace}` }).click();
	await expect(teacherPage).toHaveURL(/\/$/);
	await expect(teacherPage.getByRole('heading', { level: 1 })).toHaveText(workspace);
	await expect(teacherPage.getByText('Ask for coaching')).toBeVisible();
	await expect(teacherPage.getByText('Start a coaching cycle')).toHaveCount(0);
	await expect(teacherPage.getByRole('link', { name: 'Home', exact: true })).toBeVisible();
	await expect(teacherPage.getByRole('link', { name: 'Members', exact: true })).toHaveCount(0);

	// (d) The admin sees the teacher among the members.
	await adminPage.goto('/members');
	const row = adminPage.getByRole('row').filter({ hasText: teacher.email });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(teacher.name);
	await expect(row).toContainText('Teacher');

	await teacherContext.close();
	await adminContext.close();
});

test('logging in works with the keyboard alone', async ({ browser, baseURL }) => {
	const id = unique();
	const account = {
		name: 'Kim Keyboard',
		email: `keys-${id}@example.com`,
		workspace: `Keyboard School ${id}`
	};
	const { context, page } = await newPage(browser, baseURL);
	await signUp(page, account);
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login\?signed_out=1$/);

	await page.goto('/login');
	const email = page.getByLabel('Email', { exact: true });
	const password = page.getByLabel('Password', { exact: true });
	await expect(email).toBeVisible();

	// A skip link and the header come before the form: Tab until the Email field has focus.
	const isFocused = (field: typeof email) => field.evaluate((element) => element === document.activeElement);
	let reached = false;
	for (let presses = 0; presses < 15 && !reached; presses++) {
		await page.keyboard.press('Tab');
		reached = await isFocused(email);
	}
	expect(reached, 'Tab never reached the Email field within 15 presses').toBe(true);
	await expect(email).toBeFocused();
	await page.keyboard.type(account.email);
	await page.keyboard.press('Tab');
	await expect(password).toBeFocused();
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');

	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(account.workspace);
	await context.close();
});

for (const path of ['/login', '/signup']) {
	test(`${path} on a 360px-wide phone: every field is labelled and nothing scrolls sideways`, async ({
		browser,
		baseURL
	}) => {
		const { context, page } = await newPage(browser, baseURL, { viewport: { width: 360, height: 740 } });
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

		const inputs = await page.locator('input:not([type=hidden])').all();
		expect(inputs.length).toBeGreaterThan(0);
		for (const input of inputs) {
			const { description, name } = await input.evaluate((element) => {
				const id = element.getAttribute('id');
				const forLabel = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
				const labelledBy = (element.getAttribute('aria-labelledby') ?? '')
					.split(/\s+/)
					.filter(Boolean)
					.map((ref) => document.getElementById(ref)?.textContent ?? '')
					.join(' ');
				const name =
					forLabel?.textContent?.trim() || element.getAttribute('aria-label')?.trim() || labelledBy.trim();
				return { description: element.outerHTML, name };
			});
			expect(name, `input without a label: ${description}`).not.toBe('');
		}

		const overflow = await page.evaluate(() => ({
			scrollWidth: document.documentElement.scrollWidth,
			innerWidth: window.innerWidth
		}));
		expect(overflow.scrollWidth, 'the page is wider than the screen').toBeLessThanOrEqual(
			overflow.innerWidth
		);
		await context.close();
	});
}
