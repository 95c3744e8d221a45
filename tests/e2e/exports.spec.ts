// Issue 16 §4 end to end: what two people wrote into a goal leaves Tandem whole. The teacher and the coach
// write in two browsers; the teacher downloads the goal as Markdown and PDF and the whole cycle as a ZIP,
// and prints the page: no navigation, forms or toolbar, and a header naming the document, teacher and cycle.
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openDocument, openSchool, section, typeAtEnd, type Person } from './support/school.ts';

/** Screenshots and PDFs to look at, beside the test's other output. */
const shot = (name: string) => test.info().outputPath(name);

async function download(page: Page, link: string) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: link }).click()
	]);
	return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('a teacher downloads and prints what both wrote', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const base = baseURL as string;
	const school = await openSchool(
		browser,
		base,
		[{ name: 'Taylor Teacher', roles: ['teacher'] }],
		'Elm School'
	);
	const coach = school.coach;
	const teacher = school.members['Taylor Teacher'] as Person;
	const teacherMe = await (await teacher.context.request.get('/api/v1/me')).json();
	const started = await coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: teacherMe.user.id, title: 'Reading conferences' },
		headers: { origin: base }
	});
	expect(started.status()).toBe(201);
	const cycle = await started.json();
	const goal = cycle.documents.find((d: { kind: string }) => d.kind === 'goal');
	const goalUrl = `/documents/${goal.id}`;

	// Both open the goal; the teacher writes its statement while the coach writes in its text.
	await openDocument(teacher.page, goalUrl, /^Goal: /);
	await openDocument(coach.page, goalUrl, /^Goal: /);
	const statement = 'Students name one reading strategy in every conference.';
	await teacher.page.getByLabel('Goal statement', { exact: true }).fill(statement);
	const coachLine = 'Conference notes live in the shared table.';
	await typeAtEnd(coach.page, `\n${coachLine}`);
	await expect(teacher.page.locator('.ProseMirror')).toContainText(coachLine);
	const comment = 'Let us look at the exit tickets on Friday.';
	const comments = section(coach.page, 'Comments');
	await comments.getByRole('textbox').fill(comment);
	await comments.getByRole('button', { name: /comment/i }).click();
	await expect(teacher.page.getByText(comment)).toBeVisible();
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();
	await expect(coach.page.getByText('Saved', { exact: true })).toBeVisible();

	// The teacher takes a copy: named after the document, holding what both wrote.
	const markdown = await download(teacher.page, 'Download as Markdown');
	expect(markdown.name).toBe('Goal Reading conferences.md');
	const text = markdown.bytes.toString('utf8');
	for (const written of [statement, coachLine, comment, 'Teacher:** Taylor Teacher'])
		expect(text).toContain(written);
	const pdf = await download(teacher.page, 'Download as PDF');
	expect(pdf.name).toBe('Goal Reading conferences.pdf');
	expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

	// Printed: the document alone, with its header.
	await teacher.page.emulateMedia({ media: 'print' });
	const printHeader = teacher.page.locator('[data-print-header]');
	await expect(printHeader).toBeVisible();
	await expect(printHeader).toContainText('Goal: Reading conferences');
	await expect(printHeader).toContainText('Teacher: Taylor Teacher');
	await expect(printHeader).toContainText('Cycle: Reading conferences');
	await expect(printHeader).toContainText('Printed');
	for (const hidden of [
		teacher.page.getByRole('navigation').first(),
		teacher.page.locator('header[data-print="hide"]').first(),
		teacher.page.getByRole('toolbar').first(),
		teacher.page.locator('form').first(),
		teacher.page.getByRole('button', { name: 'History' }),
		teacher.page.locator('footer')
	])
		await expect(hidden).toBeHidden();
	await expect(teacher.page.getByLabel('Goal statement', { exact: true })).toHaveValue(statement);
	await expect(teacher.page.getByText(coachLine)).toBeVisible();
	await teacher.page.screenshot({ path: shot('print-goal-desktop.png'), fullPage: true });
	await teacher.page.setViewportSize({ width: 390, height: 844 });
	await teacher.page.screenshot({ path: shot('print-goal-390.png'), fullPage: true });
	const printed = await teacher.page.pdf({ format: 'A4' });
	expect(printed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	await writeFile(shot('print-goal.pdf'), printed);
	await teacher.page.emulateMedia({ media: 'screen' });
	await teacher.page.setViewportSize({ width: 1280, height: 800 });

	// The whole cycle, for the teacher's own records.
	await teacher.page.goto(`/cycles/${cycle.id}`);
	const zip = await download(teacher.page, 'Markdown files (ZIP)');
	expect(zip.name).toBe('Reading conferences.zip');
	expect(zip.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
	const cyclePdf = await download(teacher.page, 'One PDF');
	expect(cyclePdf.name).toBe('Reading conferences.pdf');
	await writeFile(shot('cycle.pdf'), cyclePdf.bytes);
});
