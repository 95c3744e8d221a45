// Issue 16 §1 end to end: two people typing at the end of one paragraph keep their own words whole, in
// Chromium, through the real server. The first test replays, step by step, the order of events that glued
// words before the fix (a space typed in front of a co-writer's space was written after it); the second
// has both press Enter at the end of one paragraph at once (one of them offline for that moment, so the
// two new paragraphs cross), which used to put a caret in the other's new paragraph; the third types
// at full speed at the same time.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { cspViolations, editor, openDocument, openSchool, type Person } from './support/school.ts';

test.afterEach(() => {
	expect(cspViolations()).toEqual([]);
});

/** Each paragraph's text exactly, spaces included, without the other person's caret and its name. */
const paragraphs = (page: Page) =>
	editor(page).evaluate((element) =>
		[...element.children].map((block) => {
			const copy = block.cloneNode(true) as Element;
			for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
			return copy.textContent ?? '';
		})
	);

async function twoInOneNote(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Aspen School'
	);
	const created = await school.coach.context.request.post(
		`/api/v1/workspaces/${school.workspaceId}/documents`,
		{
			data: { kind: 'note', title: 'Planning notes' },
			headers: { origin: baseURL }
		}
	);
	const { id } = (await created.json()) as { id: string };
	const coach = school.coach;
	const teacher = school.members['Taylor Teacher'] as Person;
	for (const who of [coach, teacher]) await openDocument(who.page, `/documents/${id}`, 'Planning notes');
	await editor(coach.page).click();
	await coach.page.keyboard.type('Notes');
	await expect.poll(() => paragraphs(teacher.page)).toEqual(['Notes']);
	for (const who of [coach, teacher]) {
		await editor(who.page).click();
		await who.page.keyboard.press('ControlOrMeta+End');
	}
	return { coach, teacher };
}

test('a space typed in front of a co-writer’s space stays in front, so neither word glues', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher } = await twoInOneNote(browser, baseURL as string);
	await coach.page.keyboard.type(' ');
	await expect.poll(() => paragraphs(teacher.page)).toEqual(['Notes ']);
	// The teacher's caret stayed after "Notes", in front of the coach's space.
	await teacher.page.keyboard.type(' gamma');
	await expect(editor(coach.page)).toContainText('gamma');
	await coach.page.keyboard.type('alpha');
	for (const who of [coach, teacher])
		await expect.poll(() => paragraphs(who.page)).toEqual(['Notes gamma alpha']);
	await coach.context.close();
	await teacher.context.close();
});

test('two people who press Enter at the end of one paragraph at once each write in their own', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher } = await twoInOneNote(browser, baseURL as string);
	await teacher.context.setOffline(true);
	await expect(teacher.page.getByText(/offline/i).first()).toBeVisible();
	await coach.page.keyboard.press('Enter');
	await teacher.page.keyboard.press('Enter');
	await expect.poll(() => paragraphs(coach.page)).toEqual(['Notes', '']);
	await teacher.context.setOffline(false);
	// Both empty paragraphs reach both people while each caret is in an empty one of its own.
	for (const who of [coach, teacher])
		await expect.poll(() => paragraphs(who.page)).toEqual(['Notes', '', '']);
	await Promise.all([
		coach.page.keyboard.type('Coach: bring the unit assessment', { delay: 20 }),
		teacher.page.keyboard.type('Teacher: exit tickets from period 2', { delay: 20 })
	]);
	for (const who of [coach, teacher])
		await expect
			.poll(async () => (await paragraphs(who.page)).slice(1).sort())
			.toEqual(['Coach: bring the unit assessment', 'Teacher: exit tickets from period 2']);
	await coach.context.close();
	await teacher.context.close();
});

test('two people appending to one paragraph at full speed keep every word whole', async ({
	browser,
	baseURL
}) => {
	const { coach, teacher } = await twoInOneNote(browser, baseURL as string);
	const coachWords = ' bring the unit assessment';
	const teacherWords = ' exit tickets from period two';
	await Promise.all([
		coach.page.keyboard.type(coachWords, { delay: 15 }),
		teacher.page.keyboard.type(teacherWords, { delay: 15 })
	]);
	for (const who of [coach, teacher])
		await expect
			.poll(async () => {
				const [text = ''] = await paragraphs(who.page);
				return (
					text.length === 'Notes'.length + coachWords.length + teacherWords.length &&
					text.includes(coachWords) &&
					text.includes(teacherWords)
				);
			})
			.toBe(true);
	expect(await paragraphs(coach.page)).toEqual(await paragraphs(teacher.page));
	await coach.context.close();
	await teacher.context.close();
});
