// Issue 5 end to end: a coach and a teacher observe one lesson into one observation from two browsers.
// The teacher loses the network for part of the lesson, keeps tapping and writing, and reloads the page
// while offline; after reconnecting, both see the same lanes and totals; the goal is fed from a tool; and
// the group debrief is created with the totals.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { editor, openSchool, section, type Person } from './support/school.ts';

async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Oak School'
	);
	const teacher = school.members['Taylor Teacher'] as Person;
	const teacherMe = await (await teacher.context.request.get('/api/v1/me')).json();
	const started = await school.coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: teacherMe.user.id, title: 'Questioning', focus: 'Open questions' },
		headers: { origin: baseURL }
	});
	expect(started.status()).toBe(201);
	const cycle = await started.json();
	const goal = cycle.documents.find((d: { kind: string }) => d.kind === 'goal');
	const created = await school.coach.context.request.post(`/api/v1/cycles/${cycle.id}/documents`, {
		data: { kind: 'observation', title: 'Observation: number talks' },
		headers: { origin: baseURL }
	});
	expect(created.status()).toBe(201);
	const observation = await created.json();
	return {
		coach: school.coach,
		teacher,
		observationUrl: `/documents/${observation.id}`,
		goalUrl: `/documents/${goal.id}`
	};
}

const tools = (page: Page): Locator => section(page, 'Data tools');
const lanes = (page: Page): Locator => section(page, 'Notes by observer');
const tapButton = (page: Page, label: string): Locator =>
	tools(page).getByRole('button', { name: new RegExp(`^${label} \\d+$`) });
const summary = (page: Page): Locator => tools(page).getByTestId('tool-summary');

async function openObservation(page: Page, url: string) {
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Observation: number talks');
	await expect(page.getByRole('heading', { name: 'Live observation' })).toBeVisible();
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();
}

async function writeNote(page: Page, text: string) {
	const note = page.getByRole('form', { name: 'Add a note' }).getByLabel('Note', { exact: true });
	await note.fill(text);
	await note.press('Enter');
	await expect(note).toHaveValue('');
}

async function tap(page: Page, label: string, times = 1) {
	for (let i = 0; i < times; i++) await tapButton(page, label).click();
}

test('two observers, one offline for part of the lesson, end with the same lanes and totals', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const { coach, teacher, observationUrl, goalUrl } = await setUp(browser, baseURL as string);

	await openObservation(coach.page, observationUrl);
	await openObservation(teacher.page, observationUrl);
	// Opened once is enough: the service worker keeps the page that was open when it took over.
	await teacher.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect
		.poll(() => teacher.page.evaluate(async () => (await caches.match(location.pathname)) !== undefined), {
			timeout: 15_000
		})
		.toBe(true);

	// The coach starts the lesson and adds a tool from the library; the teacher sees both at once.
	await coach.page.getByRole('button', { name: 'Start observation' }).click();
	await expect(coach.page.getByRole('button', { name: 'Stop observation' })).toBeVisible();
	await expect(teacher.page.getByRole('button', { name: 'Stop observation' })).toBeVisible();
	await tools(coach.page).getByRole('button', { name: 'Add a tool' }).click();
	await tools(coach.page).getByRole('button', { name: 'Add Open vs closed questions' }).click();
	await tools(coach.page).getByRole('button', { name: 'Done' }).click();
	await expect(tapButton(teacher.page, 'Open question')).toBeVisible();

	// Both tap and write at once.
	await tap(coach.page, 'Open question', 2);
	await tap(teacher.page, 'Closed question');
	await writeNote(coach.page, 'Hook: a number talk on the board');
	await writeNote(teacher.page, 'Students turn and talk in pairs');
	for (const who of [coach, teacher]) {
		await expect(summary(who.page)).toHaveText(
			'Open question 2, Closed question 1, 66.7% open question (3 taps)'
		);
	}
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();

	// The teacher loses the network and keeps observing.
	await teacher.context.setOffline(true);
	await expect(teacher.page.getByText('You are offline.')).toBeVisible();
	await tap(teacher.page, 'Open question', 2);
	await writeNote(teacher.page, 'Offline: a student explains her strategy');
	await expect(teacher.page.getByText('1 note and 2 taps waiting to be sent.')).toBeVisible();
	// A mistaken tap, taken back: only the teacher's own.
	await tap(teacher.page, 'Closed question');
	await tools(teacher.page).getByRole('button', { name: 'Undo my last tap' }).click();
	await expect(tools(teacher.page).getByText('Took back your last tap: Closed question')).toBeVisible();
	// Meanwhile the coach, online, goes on.
	await tap(coach.page, 'Closed question');
	await writeNote(coach.page, 'Wait time after the second question');
	await expect(coach.page.getByText('Offline: a student explains')).toHaveCount(0);

	// The page reloads with no network and still works, with what was kept on this device.
	await teacher.page.waitForTimeout(1000);
	await teacher.page.reload();
	await expect(teacher.page.getByRole('heading', { name: 'Live observation' })).toBeVisible();
	await expect(teacher.page.getByText('You are offline.')).toBeVisible();
	await expect(
		lanes(teacher.page).getByText('Offline: a student explains her strategy', { exact: true })
	).toBeVisible();
	await expect(teacher.page.getByText('1 note and 2 taps waiting to be sent.')).toBeVisible();
	await tap(teacher.page, 'Open question');
	await writeNote(teacher.page, 'After the reload, still offline');
	await expect(teacher.page.getByText('2 notes and 3 taps waiting to be sent.')).toBeVisible();
	await teacher.page.waitForTimeout(1000);

	// Back online: everything merges, and both see the same.
	await teacher.context.setOffline(false);
	await expect(teacher.page.getByText('You are offline.')).toHaveCount(0, { timeout: 20_000 });
	const expected = 'Open question 5, Closed question 2, 71.4% open question (7 taps)';
	for (const who of [coach, teacher]) {
		await expect(summary(who.page)).toHaveText(expected, { timeout: 20_000 });
		await expect(
			lanes(who.page).getByRole('list', { name: 'Notes by Taylor Teacher' }).getByRole('listitem')
		).toHaveCount(3, {
			timeout: 20_000
		});
		await expect(
			lanes(who.page).getByRole('list', { name: 'Notes by Casey Coach' }).getByRole('listitem')
		).toHaveCount(2);
	}
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible({ timeout: 20_000 });
	// The same notes, in the same order, with the same times (each person's own buttons aside).
	const laneText = (page: Page) => lanes(page).locator('li p').allInnerTexts();
	expect(await laneText(teacher.page)).toEqual(await laneText(coach.page));

	// The share of open questions feeds the goal, which charts it with its source.
	const feed = tools(coach.page);
	await feed.getByRole('button', { name: 'Send to goal: Open vs closed questions' }).click();
	await feed
		.getByRole('form', { name: 'Send Open vs closed questions to the goal' })
		.getByLabel('Percent of taps')
		.check();
	await feed.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(feed.getByText(/Feeding the goal: % Open question/)).toBeVisible();
	await teacher.page.goto(goalUrl);
	await expect(teacher.page.getByRole('img', { name: /Latest 71\.4/ })).toBeVisible();
	await expect(teacher.page.getByRole('row', { name: /From observation/ })).toContainText('71.4');

	// After the lesson: the coach stops and creates the group debrief, with the totals.
	await coach.page.getByRole('button', { name: 'Stop observation' }).click();
	await coach.page.getByRole('button', { name: 'Create the group debrief' }).click();
	await expect(coach.page.getByRole('heading', { level: 1 })).toHaveText('Group debrief: number talks');
	await expect(editor(coach.page)).toContainText(`Open vs closed questions: ${expected}`);
	await expect(editor(coach.page)).toContainText('Taylor Teacher');
	await expect(editor(coach.page)).toContainText('Offline: a student explains her strategy');
	// Every observer gets the link to it.
	await openObservation(teacher.page, observationUrl);
	await expect(teacher.page.getByRole('link', { name: 'Open the group debrief' })).toBeVisible();

	await coach.context.close();
	await teacher.context.close();
});
