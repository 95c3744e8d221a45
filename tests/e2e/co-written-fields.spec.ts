// Issue 16 §1 end to end: the fields a coach and a teacher write together outside the document body
// (the goal's statement and metric) merge like the body does — each sees the other's characters as they
// are typed, and two people typing into the same field at once both keep their words.
import { expect, test, type Browser } from '@playwright/test';
import { openDocument, openSchool, section, type Person } from './support/school.ts';

/** A coach, the teacher they invited, and a coaching cycle between them with its goal document. */
async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Birch School'
	);
	const teacher = school.members['Taylor Teacher'] as Person;
	const me = await (await teacher.context.request.get('/api/v1/me')).json();
	const cycle = await school.coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: me.user.id, title: 'Reasoning aloud', focus: 'Math talks' },
		headers: { origin: baseURL }
	});
	expect(cycle.status()).toBe(201);
	const { documents } = (await cycle.json()) as { documents: { id: string; kind: string }[] };
	const goal = documents.find((document) => document.kind === 'goal');
	if (!goal) throw new Error('a cycle starts with its goal document');
	return { coach: school.coach, teacher, documentId: goal.id };
}

const statement = (who: Person) => who.page.getByLabel('Goal statement', { exact: true });

test('a coach and a teacher type into the same goal statement at once and both texts survive', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	for (const who of [coach, teacher])
		await openDocument(who.page, `/documents/${documentId}`, /Reasoning aloud/);

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

test('baseline and target keep what a coach types, and a value changed meanwhile is named to both', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher, documentId } = await setUp(browser, baseURL as string);
	for (const who of [coach, teacher])
		await openDocument(who.page, `/documents/${documentId}`, /Reasoning aloud/);

	const field = (who: Person, label: string) => who.page.getByLabel(label, { exact: true });
	await field(coach, 'Baseline').fill('3 of 24 students');
	await field(coach, 'Baseline').press('Tab');
	await expect(field(teacher, 'Baseline')).toHaveValue('3 of 24 students');
	await field(coach, 'Target').fill('about half');
	await field(coach, 'Target').press('Tab');
	await expect(coach.page.getByText(/Start with a number/)).toBeVisible();

	// Both change the target; the teacher's write comes second and stands, and each is told.
	await field(coach, 'Target').fill('12 of 24 students');
	await field(coach, 'Target').press('Tab');
	await expect(field(teacher, 'Target')).toHaveValue('12 of 24 students');
	await field(teacher, 'Target').fill('18 of 24 students');
	await field(teacher, 'Target').press('Tab');
	await expect(field(coach, 'Target')).toHaveValue('18 of 24 students');
	await expect(coach.page.getByRole('status').filter({ hasText: 'Changed by Taylor Teacher' })).toBeVisible();
	await expect(
		teacher.page
			.getByRole('status')
			.filter({ hasText: /Casey Coach wrote “12 of 24 students”.*your change replaced it/ })
	).toBeVisible();

	// Progress is measured with the parsed numbers: 8 is a third of the way from 3 to 18.
	const addMeasurement = coach.page.getByRole('form', { name: 'Add a measurement' });
	await addMeasurement.getByLabel('Date', { exact: true }).fill(new Date().toISOString().slice(0, 10));
	await addMeasurement.getByLabel('Value', { exact: true }).fill('8');
	await addMeasurement.getByRole('button', { name: 'Add' }).click();
	await expect(teacher.page.getByText(/33% of the way from baseline to target/)).toBeVisible();

	// An action step's words are co-written live too.
	const addStep = coach.page.getByRole('form', { name: 'Add a step' });
	await addStep.getByLabel('Step', { exact: true }).fill('Use a visible timer');
	await addStep.getByRole('button', { name: 'Add step' }).click();
	for (const who of [coach, teacher]) {
		const steps = section(who.page, 'Action steps');
		await steps.getByRole('button', { name: /Edit/ }).click();
	}
	const stepField = (who: Person) =>
		section(who.page, 'Action steps').getByLabel('Step', { exact: true }).first();
	await stepField(coach).press('End');
	await stepField(teacher).press('Home');
	await Promise.all([
		coach.page.keyboard.type(' for wait time', { delay: 30 }),
		teacher.page.keyboard.type('Always ', { delay: 30 })
	]);
	for (const who of [coach, teacher])
		await expect(stepField(who)).toHaveValue('Always Use a visible timer for wait time');

	await coach.context.close();
	await teacher.context.close();
});
