// Issue 16 §1 end to end: the fields a coach and a teacher write together outside the document body
// (the goal's statement and metric) merge like the body does — each sees the other's characters as they
// are typed, and two people typing into the same field at once both keep their words.
import { expect, test, type Browser } from '@playwright/test';
import { openDocument, openSchool, type Person } from './support/school.ts';

async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Birch School'
	);
	const document = await school.coach.context.request.post(
		`/api/v1/workspaces/${school.workspaceId}/documents`,
		{ data: { kind: 'goal', title: 'Goal: reasoning aloud' }, headers: { origin: baseURL } }
	);
	expect(document.status()).toBe(201);
	const { id: documentId } = await document.json();
	return { coach: school.coach, teacher: school.members['Taylor Teacher'] as Person, documentId };
}

const statement = (who: Person) => who.page.getByLabel('Goal statement', { exact: true });

test('a coach and a teacher type into the same goal statement at once and both texts survive', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	for (const who of [coach, teacher])
		await openDocument(who.page, `/documents/${documentId}`, /reasoning aloud/);

	// Live characters: the teacher sees the coach's words while the coach is still in the field.
	await statement(coach).click();
	await coach.page.keyboard.type('Students explain their reasoning.');
	await expect(statement(teacher)).toHaveValue('Students explain their reasoning.');

	// Both type at the same time, the coach at the end and the teacher at the start.
	await statement(teacher).click();
	await teacher.page.keyboard.press('ControlOrMeta+Home');
	await Promise.all([
		coach.page.keyboard.type(' Most of them, most days.', { delay: 30 }),
		teacher.page.keyboard.type('By June: ', { delay: 30 })
	]);
	// Each leaves the field; neither replaces the other's words.
	await coach.page.keyboard.press('Tab');
	await teacher.page.keyboard.press('Tab');

	const merged = 'By June: Students explain their reasoning. Most of them, most days.';
	for (const who of [coach, teacher]) {
		await expect(statement(who)).toHaveValue(merged);
		await expect(who.page.getByText('Saved', { exact: true })).toBeVisible();
	}
	// And it was stored: a fresh load shows the same text.
	await teacher.page.reload();
	await expect(statement(teacher)).toHaveValue(merged);

	await coach.context.close();
	await teacher.context.close();
});
