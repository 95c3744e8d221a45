// Issue 17 §2 and §4 in Chromium: an admin uploads a OneRoster bundle, reads the preview (who is added,
// which rows cannot be used and why), chooses a coach, applies it, sees the import history, and sets how
// long closed cycles are kept. Screenshots at desktop and phone width go to /tmp/district-shots/.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { rosterBundle } from '../support/roster-bundle.ts';

const PASSWORD = 'correct horse battery staple';
const SHOTS = '/tmp/district-shots';

test('an admin previews and applies a roster, then sets retention', async ({ browser, baseURL }) => {
	mkdirSync(SHOTS, { recursive: true });
	const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	const bundlePath = `${SHOTS}/roster-${id}.zip`;
	writeFileSync(
		bundlePath,
		rosterBundle([
			{
				sourcedId: `t1-${id}`,
				givenName: 'Robin',
				familyName: 'Reyes',
				email: `robin-${id}@district.example`,
				role: 'teacher'
			},
			{
				sourcedId: `t2-${id}`,
				givenName: 'Casey',
				familyName: 'Chen, Jr.',
				email: `casey-${id}@district.example`,
				role: 'teacher'
			},
			{
				sourcedId: `p1-${id}`,
				givenName: 'Pat',
				familyName: 'Park',
				email: `pat-${id}@district.example`,
				role: 'principal'
			},
			{
				sourcedId: `s1-${id}`,
				givenName: 'Sam',
				familyName: 'Student',
				email: `sam-${id}@district.example`,
				role: 'student'
			},
			{ sourcedId: `t3-${id}`, givenName: 'No', familyName: 'Address', email: '', role: 'teacher' }
		])
	);

	for (const viewport of [
		{ name: 'desktop', width: 1280, height: 900 },
		{ name: 'phone', width: 390, height: 844 }
	]) {
		const context = await browser.newContext({ baseURL, viewport });
		const page = await context.newPage();
		const email = `admin-${viewport.name}-${id}@example.com`;
		await page.goto('/signup');
		await page.getByLabel('Your name', { exact: true }).fill('Ada Admin');
		await page.getByLabel('Email', { exact: true }).fill(email);
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByLabel('School or district', { exact: true }).fill(`Riverside ${viewport.name} ${id}`);
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page).toHaveURL(/\/$/);

		await page.goto('/members');
		await page.getByRole('link', { name: 'Import a roster' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a roster');
		await page.getByLabel('OneRoster bundle (.zip)').setInputFiles(bundlePath);
		await page.getByRole('button', { name: 'Preview' }).click();

		const preview = page.getByRole('region', { name: /Preview of roster-/ });
		await expect(preview).toBeVisible();
		await expect(preview.getByRole('list', { name: 'What this import changes' })).toContainText('3 to add');
		await expect(preview.getByRole('list', { name: 'Rows that cannot be used' })).toContainText(
			'users.csv line 6: missing email'
		);
		await expect(preview).toContainText('Casey Chen, Jr.');
		await expect(preview).toContainText('1 not staff');
		await preview.getByRole('checkbox', { name: 'Coaches (Robin Reyes)' }).check();
		await page.screenshot({ path: `${SHOTS}/roster-preview-${viewport.name}.png`, fullPage: true });
		await preview.getByRole('button', { name: 'Apply this roster' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Roster applied' })).toContainText('3 added');
		await expect(page.getByRole('region', { name: 'Import history' })).toContainText('Applied');
		await page.screenshot({ path: `${SHOTS}/roster-applied-${viewport.name}.png`, fullPage: true });

		await page.goto('/members');
		await expect(page.getByRole('table')).toContainText('Robin Reyes');

		await page.getByRole('link', { name: 'Retention and the district’s data' }).click();
		await page.getByLabel('Keep closed cycles for').selectOption('3');
		await page.getByRole('button', { name: 'Save retention' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'deleted 3 years after they close' })
		).toBeVisible();
		await page.reload();
		await expect(page.getByLabel('Keep closed cycles for')).toHaveValue('3');
		await page.screenshot({ path: `${SHOTS}/data-${viewport.name}.png`, fullPage: true });
		// Nothing stretches the phone's page sideways.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			viewport.width
		);
		await context.close();
	}
});
