// Issue 6 end to end: a PLC of three members co-edits its agenda in three browsers, with the timer every
// member sees, and the group's page shows who is in the agenda right now.
import { expect, test } from '@playwright/test';
import {
	editor,
	openDocument,
	openSchool,
	section,
	typeAtEnd,
	type Person,
	visit
} from './support/school.ts';

test('a PLC of three co-edits an agenda with a shared phase timer', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const school = await openSchool(browser, baseURL as string, [
		{ name: 'Ana Alvarez', roles: ['teacher'] },
		{ name: 'Ben Brooks', roles: ['teacher'] }
	]);
	const { coach } = school;
	const ana = school.members['Ana Alvarez'] as Person;
	const ben = school.members['Ben Brooks'] as Person;

	// The coach sets the group up, with themself as facilitator.
	await visit(coach.page, '/plcs');
	const setup = section(coach.page, 'Set up a PLC group');
	await setup.getByLabel('Name', { exact: true }).fill('4th grade math');
	await setup.getByLabel('Facilitator').selectOption({ label: 'Casey Coach' });
	await setup.getByRole('checkbox', { name: 'Ana Alvarez' }).check();
	await setup.getByRole('checkbox', { name: 'Ben Brooks' }).check();
	await setup.getByRole('button', { name: 'Create the group' }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('4th grade math');
	const groupUrl = new URL(coach.page.url()).pathname;

	await coach.page.getByRole('button', { name: 'New agenda' }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
	const agendaUrl = new URL(coach.page.url()).pathname;
	await expect(editor(coach.page)).toHaveAttribute('contenteditable', 'true');
	await openDocument(ana.page, agendaUrl, 'Agenda');
	await openDocument(ben.page, agendaUrl, 'Agenda');

	// Timed items, added by one, seen by all.
	const timer = (page: typeof coach.page) => section(page, 'Agenda timer');
	const addPhase = timer(ana.page).getByRole('form', { name: 'Add a phase' });
	await addPhase.getByLabel('New phase').fill('Look at exit tickets');
	await addPhase.getByLabel('Minutes').fill('10');
	await addPhase.getByRole('button', { name: 'Add phase' }).click();
	await addPhase.getByLabel('New phase').fill('Plan the reteach');
	await addPhase.getByLabel('Minutes').fill('15');
	await addPhase.getByRole('button', { name: 'Add phase' }).click();
	for (const who of [coach, ben]) {
		await expect(timer(who.page).getByRole('list', { name: 'Phases' }).getByRole('listitem')).toHaveCount(2);
	}

	// Ben starts the timer; everyone sees the same phase counting down.
	await timer(ben.page).getByRole('button', { name: 'Start', exact: true }).click();
	for (const who of [coach, ana, ben]) {
		await expect(timer(who.page)).toContainText('Phase 1 of 2: Look at exit tickets');
		await expect(timer(who.page).getByText(/^0?9:\d\d$|^10:00$/)).toBeVisible();
	}
	await timer(coach.page).getByRole('button', { name: 'Next phase' }).click();
	for (const who of [ana, ben]) await expect(timer(who.page)).toContainText('Phase 2 of 2: Plan the reteach');
	await timer(ana.page).getByRole('button', { name: 'Pause' }).click();
	for (const who of [coach, ben]) await expect(timer(who.page).getByText('Paused')).toBeVisible();

	// Three people writing at once.
	await typeAtEnd(coach.page, '\nCoach: bring the unit assessment');
	await typeAtEnd(ana.page, '\nAna: exit tickets from period 2');
	await typeAtEnd(ben.page, '\nBen: small-group list');
	for (const who of [coach, ana, ben]) {
		await expect(editor(who.page)).toContainText('Coach: bring the unit assessment');
		await expect(editor(who.page)).toContainText('Ana: exit tickets from period 2');
		await expect(editor(who.page)).toContainText('Ben: small-group list');
	}

	// The group's page shows who is in the agenda now.
	await visit(coach.page, groupUrl);
	const agendaRow = coach.page
		.getByRole('listitem')
		.filter({ has: coach.page.getByRole('link', { name: 'Agenda' }) });
	await expect(agendaRow).toContainText('Ana Alvarez', { timeout: 15_000 });
	await expect(agendaRow).toContainText('Ben Brooks');
});
