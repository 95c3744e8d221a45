// Issue 16 §5 end to end: a coach starts a debrief from the cycle page, beside the other kinds; both write
// in it at once; it is called a debrief wherever it is listed or opened, and the coach's own sealed notes
// that come with it are "Your private notes" to the coach and nowhere in the teacher's view.
import { expect, test, type Browser } from '@playwright/test';
import { cspViolations, editor, openDocument, openSchool, visit, type Person } from './support/school.ts';

test.afterEach(() => {
	expect(cspViolations()).toEqual([]);
});

async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Elm School'
	);
	const teacher = school.members['Taylor Teacher'] as Person;
	const me = await (await teacher.context.request.get('/api/v1/me')).json();
	const cycle = await school.coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: me.user.id, title: 'Questioning', focus: 'Open questions' },
		headers: { origin: baseURL }
	});
	const { id } = (await cycle.json()) as { id: string };
	return { coach: school.coach, teacher, cyclePath: `/cycles/${id}` };
}

const kindLine = (who: Person) => who.page.locator('article header p').first();

test('a coach starts a debrief from the cycle page and both write in it; the coach’s notes stay theirs', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const { coach, teacher, cyclePath } = await setUp(browser, baseURL as string);
	await visit(coach.page, cyclePath);
	const documents = coach.page.locator('section[aria-labelledby="documents-heading"]');
	await expect(documents.getByRole('button', { name: 'New lesson plan' })).toBeVisible();
	await documents.getByRole('button', { name: 'New debrief' }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Debrief');
	await expect(kindLine(coach)).toHaveText('Debrief');
	const debriefPath = new URL(coach.page.url()).pathname;

	await openDocument(teacher.page, debriefPath, 'Debrief');
	await expect(kindLine(teacher)).toHaveText('Debrief');
	// Both write at once, each in a new paragraph of their own at the end.
	for (const who of [coach, teacher]) {
		await editor(who.page).click();
		await who.page.keyboard.press('ControlOrMeta+End');
		await who.page.keyboard.press('Enter');
	}
	await Promise.all([
		coach.page.keyboard.type('Coach: the wait time worked.', { delay: 20 }),
		teacher.page.keyboard.type('Teacher: more hands went up.', { delay: 20 })
	]);
	for (const who of [coach, teacher]) {
		await expect(editor(who.page)).toContainText('Coach: the wait time worked.');
		await expect(editor(who.page)).toContainText('Teacher: more hands went up.');
	}

	// The cycle page lists it as a debrief; the coach's notes are "Your private notes" to the coach only.
	await visit(coach.page, cyclePath);
	await expect(documents.getByRole('heading', { name: 'Debriefs' })).toBeVisible();
	const privateNotes = documents.locator('section', {
		has: coach.page.getByRole('heading', { name: 'Your private notes' })
	});
	await expect(privateNotes.getByRole('link')).toHaveText("Coach's notes: Debrief");
	await coach.page.setViewportSize({ width: 1280, height: 900 });
	await coach.page.screenshot({ path: '/tmp/fields-shots/debrief-cycle-coach-desktop.png', fullPage: true });
	await coach.page.setViewportSize({ width: 390, height: 844 });
	await coach.page.screenshot({ path: '/tmp/fields-shots/debrief-cycle-coach-390.png', fullPage: true });

	await visit(teacher.page, cyclePath);
	const teacherDocuments = teacher.page.locator('section[aria-labelledby="documents-heading"]');
	await expect(teacherDocuments.getByRole('heading', { name: 'Debriefs' })).toBeVisible();
	await expect(teacherDocuments.getByRole('link', { name: 'Debrief', exact: true })).toBeVisible();
	await expect(teacherDocuments.getByText('Your private notes')).toHaveCount(0);
	await expect(teacherDocuments.getByText("Coach's notes")).toHaveCount(0);

	await privateNotes.getByRole('link').click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText("Coach's notes: Debrief");
	await expect(kindLine(coach)).toHaveText('Your private notes');
	await coach.page.screenshot({ path: '/tmp/fields-shots/private-notes-coach-390.png', fullPage: true });

	await coach.context.close();
	await teacher.context.close();
});
