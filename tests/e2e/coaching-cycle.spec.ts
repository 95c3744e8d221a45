// Issue 4 end to end: a coach and a teacher, in two browsers, run a coaching cycle from start to close —
// the goal with measurements, a co-planned lesson, a debrief with the staged reveal, action steps, the
// close with feedback — and the dashboards show all of it.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	editor,
	openDocument,
	openSchool,
	section,
	typeAtEnd,
	type Person,
	visit
} from './support/school.ts';

/** A coach who runs the school's workspace, and a teacher they invited. */
async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(browser, baseURL, [{ name: 'Taylor Teacher', roles: ['teacher'] }]);
	return { coach: school.coach, teacher: school.members['Taylor Teacher'] as Person };
}

/** Derived rows appear once the server stores the document (at most ~10 s): reload until they do. */
async function eventuallyAfterReload(page: Page, check: () => Promise<void>) {
	await expect(async () => {
		await page.reload();
		await check();
	}).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
}

function isoDate(offsetDays: number): string {
	return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

test('a coach and a teacher run a coaching cycle end to end', async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const { coach, teacher } = await setUp(browser, baseURL as string);

	// 1. The coach starts the cycle.
	await visit(coach.page, '/cycles');
	const start = section(coach.page, 'Start a cycle');
	await start.getByLabel('Teacher').selectOption({ label: 'Taylor Teacher' });
	await start.getByLabel('Title').fill('Student discourse in math talks');
	await start.getByLabel('Focus (optional)').fill('Open questions and wait time');
	await start.getByLabel('Start date').fill(isoDate(-7));
	await start.getByLabel('Target date').fill(isoDate(35));
	await start.getByRole('button', { name: 'Start cycle' }).click();
	await expect(coach.page).toHaveURL(/\/cycles\/[0-9a-f-]{36}$/);
	const cycleUrl = new URL(coach.page.url()).pathname;
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Student discourse in math talks');

	// The goal is agreed: Identify → Learn, with a note for the history.
	await coach.page.getByLabel('Note for the stage history (optional)').fill('Baseline done; goal agreed');
	await coach.page.getByRole('button', { name: 'Move to Learn' }).click();
	await expect(
		coach.page.getByRole('list', { name: 'Cycle stages' }).locator('[aria-current="step"]')
	).toContainText('Learn');
	await expect(coach.page.getByText('Baseline done; goal agreed')).toBeVisible();

	// 2. They co-write the goal, live: fields, the PEERS check and measurements.
	await coach.page.getByRole('link', { name: /^Goal: Student discourse/ }).click();
	await expect(coach.page.getByText('Saved', { exact: true })).toBeVisible();
	const goalUrl = new URL(coach.page.url()).pathname;
	await visit(teacher.page, cycleUrl);
	await teacher.page.getByRole('link', { name: /^Goal: Student discourse/ }).click();
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();

	await coach.page
		.getByLabel('Goal statement', { exact: true })
		.fill('More students explain their reasoning aloud.');
	await coach.page.getByLabel('Baseline', { exact: true }).fill('4');
	await coach.page.getByLabel('Target', { exact: true }).fill('15');
	await coach.page.getByLabel('Target', { exact: true }).press('Tab');
	await expect(teacher.page.getByLabel('Goal statement', { exact: true })).toHaveValue(
		'More students explain their reasoning aloud.'
	);
	await expect(teacher.page.getByLabel('Target', { exact: true })).toHaveValue('15');

	await teacher.page.getByRole('checkbox', { name: /Student-focused/ }).check();
	await expect(coach.page.getByRole('checkbox', { name: /Student-focused/ })).toBeChecked();

	const addMeasurement = teacher.page.getByRole('form', { name: 'Add a measurement' });
	await addMeasurement.getByLabel('Date', { exact: true }).fill(isoDate(-2));
	await addMeasurement.getByLabel('Value', { exact: true }).fill('6');
	await addMeasurement.getByLabel('Note (optional)').fill('Math talk count');
	await addMeasurement.getByRole('button', { name: 'Add' }).click();
	await expect(coach.page.getByRole('cell', { name: 'Math talk count' })).toBeVisible();
	await expect(coach.page.getByRole('img', { name: /Latest 6/ })).toBeVisible();

	// 3. They co-plan a lesson from the template.
	await visit(coach.page, cycleUrl);
	await coach.page.getByRole('button', { name: 'New lesson plan' }).click();
	await expect(editor(coach.page)).toContainText('Look-fors for the coach');
	const planUrl = new URL(coach.page.url()).pathname;
	await openDocument(teacher.page, planUrl, 'Lesson plan');
	// Each writes a look-for on a line of its own, under the plan's look-fors heading.
	await typeAtEnd(coach.page, '\nStudents explain why, not only what');
	await expect(editor(teacher.page)).toContainText('Students explain why, not only what');
	await typeAtEnd(teacher.page, '\nWait time of three seconds');
	// Two look-fors, each a paragraph of its own, on both screens (a remote caret may sit inside the text).
	for (const who of [coach, teacher]) {
		for (const lookFor of ['Students explain why, not only what', 'Wait time of three seconds'])
			await expect(editor(who.page).locator('p').filter({ hasText: lookFor })).toHaveCount(1);
		await expect(who.page.getByText('Saved', { exact: true })).toBeVisible();
	}
	// The observation of that lesson starts with the look-fors as its headings.
	await coach.page.getByRole('button', { name: 'Start an observation' }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Observation: Lesson plan');
	await expect(
		editor(coach.page).getByRole('heading', { name: 'Students explain why, not only what' })
	).toBeVisible();
	await expect(editor(coach.page).getByRole('heading', { name: 'Wait time of three seconds' })).toBeVisible();

	// 4. A debrief with the staged reveal: the coach's notes stay sealed until the teacher opens them.
	await visit(coach.page, cycleUrl);
	const schedule = section(coach.page, 'Schedule an activity');
	await schedule.getByLabel('Type').selectOption({ label: 'Debrief' });
	await schedule.getByLabel('Date', { exact: true }).fill(isoDate(-1));
	await schedule.getByLabel('Time', { exact: true }).fill('15:00');
	await schedule.getByLabel('Minutes').fill('30');
	await schedule.getByLabel('Open meeting notes now').check();
	await schedule.getByRole('button', { name: 'Schedule activity' }).click();
	await expect(editor(coach.page)).toContainText("Teacher's reflection");
	const debriefUrl = new URL(coach.page.url()).pathname;

	await openDocument(teacher.page, debriefUrl, 'Debrief');
	await typeAtEnd(teacher.page, 'I rushed the wait time after questions.');
	await expect(teacher.page.getByRole('button', { name: 'Open coach’s notes' })).toBeVisible();

	await coach.page.getByRole('link', { name: 'Read the coach’s notes' }).click();
	await expect(coach.page.getByRole('note', { name: 'Who can read these notes' })).toContainText(
		'Private to you until Taylor Teacher'
	);
	await expect(editor(coach.page)).toHaveAttribute('contenteditable', 'true');
	await typeAtEnd(coach.page, 'Wait time averaged one second.');
	await expect(coach.page.getByText('Saved', { exact: true })).toBeVisible();
	const notesUrl = new URL(coach.page.url()).pathname;
	// Sealed means sealed: the teacher cannot open the address directly.
	const sealed = await teacher.page.request.get(notesUrl);
	expect(sealed.status()).toBe(404);

	await teacher.page.getByRole('button', { name: 'Open coach’s notes' }).click();
	await expect(teacher.page).toHaveURL(new RegExp(`${notesUrl}$`));
	await expect(editor(teacher.page)).toContainText('Wait time averaged one second.');
	await coach.page.reload();
	await expect(coach.page.getByRole('note', { name: 'Who can read these notes' })).toContainText(
		'Taylor Teacher has opened these notes'
	);

	// 5. Action steps, co-edited live in the debrief.
	await openDocument(teacher.page, debriefUrl, 'Debrief');
	await openDocument(coach.page, debriefUrl, 'Debrief');
	const addStep = teacher.page.getByRole('form', { name: 'Add a step' });
	await addStep.getByLabel('Step', { exact: true }).fill('Use a visible timer for wait time');
	await addStep.getByLabel('Owner').selectOption({ label: 'Taylor Teacher' });
	await addStep.getByLabel('Due (optional)').fill(isoDate(-1));
	await addStep.getByRole('button', { name: 'Add step' }).click();
	const coachSteps = section(coach.page, 'Action steps');
	await expect(coachSteps.getByText('Use a visible timer for wait time', { exact: true })).toBeVisible();
	await expect(coachSteps.getByText('Overdue')).toBeVisible();
	// Leaving the document stores it at once; the dashboards read what was stored.
	await visit(teacher.page, '/');
	await visit(coach.page, '/');

	// 6. The dashboards, while the cycle runs.
	await eventuallyAfterReload(coach.page, async () => {
		const due = section(coach.page, 'Action steps due');
		await expect(due.getByText('Use a visible timer for wait time', { exact: true })).toBeVisible({
			timeout: 1000
		});
	});
	const caseload = section(coach.page, 'Caseload');
	await expect(caseload.getByRole('row', { name: /Taylor Teacher/ })).toContainText('Learn');
	await eventuallyAfterReload(teacher.page, async () => {
		const steps = section(teacher.page, 'My action steps');
		await expect(steps.getByText('Use a visible timer for wait time', { exact: true })).toBeVisible({
			timeout: 1000
		});
	});
	const myCycle = section(teacher.page, 'My cycle');
	await expect(myCycle.getByText('More students explain their reasoning aloud.')).toBeVisible();
	await expect(myCycle.getByText(/^6 on /)).toBeVisible();

	// 7. The coach closes the cycle with the final measurement; the teacher gives feedback.
	await visit(coach.page, cycleUrl);
	const close = section(coach.page, 'Close the cycle');
	await close.getByLabel('Goal partly met').check();
	await close.getByLabel('Final value').fill('11');
	await close.getByLabel('Closing note (optional)').fill('Real progress; keep the timer.');
	await close.getByRole('button', { name: 'Close the cycle' }).click();
	await expect(coach.page.getByRole('heading', { name: 'Outcome' })).toBeVisible();
	await expect(coach.page.getByText('Goal partly met').first()).toBeVisible();

	await visit(teacher.page, '/');
	await expect(section(teacher.page, 'Tell us how the coaching went')).toBeVisible();
	await visit(teacher.page, cycleUrl);
	const feedback = section(teacher.page, 'Your feedback on the coaching');
	for (const group of await feedback.getByRole('group').all()) {
		await group.getByLabel('5 – Strongly agree').check();
	}
	await feedback.getByLabel('Anything else? (optional)').fill('The timer idea changed my lessons.');
	await feedback.getByRole('button', { name: 'Send feedback' }).click();
	await expect(teacher.page.getByText('Thank you for your feedback.')).toBeVisible();

	// The final measurement is the last point of the goal's chart.
	await openDocument(teacher.page, goalUrl, /^Goal: Student discourse/);
	await expect(teacher.page.getByRole('row', { name: /Final/ })).toContainText('11');

	// 8. The dashboards afterwards: pooled feedback stays hidden below three responses; the log counts
	// the debrief; the admin view has the closed cycle, with counts only.
	await visit(coach.page, '/');
	await expect(section(coach.page, 'Feedback from teachers')).toContainText('1 response so far');
	await expect(section(coach.page, 'Feedback from teachers')).not.toContainText('The timer idea');
	await expect(section(coach.page, 'Active cycles by stage')).toContainText(/Closed\s*1/);
	await expect(section(coach.page, 'Coaching across the workspace')).not.toContainText('Student discourse');
	await coach.page.getByRole('link', { name: 'Coaching log', exact: true }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Coaching log');
	await expect(
		section(coach.page, 'Time by activity type').getByRole('row', { name: /Debrief/ })
	).toContainText('30');
	const csv = await coach.page.request.get('/coaching-log/export.csv');
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain('Taylor Teacher');
});
