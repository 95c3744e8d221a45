// Issue 3 end to end: a coach and a teacher in one document from two browsers: live text and named
// carets, offline typing that survives a reload and syncs on return, and restoring a named version.
import { expect, test, type Browser } from '@playwright/test';
import { cspViolations, editor, openDocument, openSchool, typeAtEnd, type Person } from './support/school.ts';

test.afterEach(() => {
	expect(cspViolations()).toEqual([]);
});

async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Cedar School'
	);
	const document = await school.coach.context.request.post(
		`/api/v1/workspaces/${school.workspaceId}/documents`,
		{
			data: { kind: 'note', title: 'Co-planning: fractions lesson' },
			headers: { origin: baseURL }
		}
	);
	const { id: documentId } = await document.json();
	return { coach: school.coach, teacher: school.members['Taylor Teacher'] as Person, documentId };
}

const open = (who: Person, documentId: string) =>
	openDocument(who.page, `/documents/${documentId}`, 'Co-planning: fractions lesson');

test('a coach and a teacher see each other’s text and named carets', async ({ browser, baseURL }) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	await open(coach, documentId);
	await open(teacher, documentId);

	await typeAtEnd(coach.page, 'Objective: compare fractions with unlike denominators. ');
	await typeAtEnd(teacher.page, 'Check for understanding: exit ticket.');

	for (const who of [coach, teacher]) {
		await expect(editor(who.page)).toContainText('Objective: compare fractions');
		await expect(editor(who.page)).toContainText('Check for understanding: exit ticket.');
		await expect(who.page.getByText('Saved', { exact: true })).toBeVisible();
	}
	await expect(
		teacher.page.locator('.collaboration-carets__label', { hasText: 'Casey Coach' })
	).toBeVisible();
	await expect(
		coach.page.locator('.collaboration-carets__label', { hasText: 'Taylor Teacher' })
	).toBeVisible();

	await coach.context.close();
	await teacher.context.close();
});

test('offline typing survives a reload and syncs when the network returns', async ({ browser, baseURL }) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	await open(coach, documentId);
	await open(teacher, documentId);
	// The service worker keeps the page once it controls it: load it once more while online.
	await teacher.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await teacher.page.reload();
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();

	await teacher.context.setOffline(true);
	await typeAtEnd(teacher.page, 'Noticed offline: students used number lines.');
	await expect(teacher.page.getByText(/^Offline — changes kept on this device/)).toBeVisible();
	// The device copy (IndexedDB) is written asynchronously: give it the moment a person's next action
	// would (closing the tab asks first while changes are unsent).
	await teacher.page.waitForTimeout(1000);

	await teacher.page.reload();
	await expect(editor(teacher.page)).toContainText('Noticed offline: students used number lines.');
	await expect(coach.page.getByText('Noticed offline')).toHaveCount(0);

	await typeAtEnd(coach.page, 'Coach, meanwhile: plan the debrief.');
	await teacher.context.setOffline(false);

	for (const who of [coach, teacher]) {
		await expect(editor(who.page)).toContainText('Noticed offline: students used number lines.', {
			timeout: 20_000
		});
		await expect(editor(who.page)).toContainText('Coach, meanwhile: plan the debrief.', { timeout: 20_000 });
	}
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible({ timeout: 20_000 });

	await coach.context.close();
	await teacher.context.close();
});

test('restoring a named version shows it to both', async ({ browser, baseURL }) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	await open(coach, documentId);
	await open(teacher, documentId);

	await typeAtEnd(coach.page, 'Look-fors: students justify with a model.');
	await expect(coach.page.getByText('Saved', { exact: true })).toBeVisible();
	await expect(editor(teacher.page)).toContainText('Look-fors: students justify with a model.');

	await coach.page.getByRole('button', { name: 'History' }).click();
	await coach.page.getByLabel('Name this version').fill('before debrief');
	await coach.page.getByLabel('Name this version').press('Enter');
	await expect(coach.page.getByText('before debrief').first()).toBeVisible();

	await editor(coach.page).click();
	await coach.page.keyboard.press('ControlOrMeta+a');
	await coach.page.keyboard.press('Backspace');
	await expect(editor(teacher.page)).not.toContainText('Look-fors');

	await coach.page.getByRole('button', { name: /before debrief/ }).click();
	await coach.page.getByRole('button', { name: /Restore this version/ }).click();
	await coach.page.getByRole('button', { name: 'Restore', exact: true }).click();

	for (const who of [coach, teacher]) {
		await expect(editor(who.page)).toContainText('Look-fors: students justify with a model.');
	}

	await coach.context.close();
	await teacher.context.close();
});
