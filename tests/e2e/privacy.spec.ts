// Issue 6 end to end: a teacher decides who reads their coaching. In three browsers, the teacher shares
// their goal with the principal, sees the principal's read in the access ledger, releases a frozen
// snapshot that does not follow later edits, and revokes it.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { editor, openSchool, section, typeAtEnd, type Person, visit } from './support/school.ts';

/** The coach runs the workspace (admin and coach); a teacher and a principal (admin) join it. */
async function setUp(browser: Browser, baseURL: string) {
	const school = await openSchool(
		browser,
		baseURL,
		[
			{ name: 'Taylor Teacher', roles: ['teacher'] },
			{ name: 'Pat Principal', roles: ['admin'] }
		],
		'Birch School'
	);
	return {
		coach: school.coach,
		teacher: school.members['Taylor Teacher'] as Person,
		principal: school.members['Pat Principal'] as Person,
		workspaceId: school.workspaceId
	};
}

async function openToEdit(page: Page, url: string) {
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Goal: /);
	await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByText('Saved', { exact: true })).toBeVisible();
}

test('a teacher shares, releases and revokes, and sees who read their goal', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const base = baseURL as string;
	const { coach, teacher, principal, workspaceId } = await setUp(browser, base);

	// The coach starts a cycle for the teacher; it comes with its goal document.
	const teacherMe = await (await teacher.context.request.get('/api/v1/me')).json();
	const started = await coach.context.request.post(`/api/v1/workspaces/${workspaceId}/cycles`, {
		data: { teacherId: teacherMe.user.id, title: 'Reading conferences' },
		headers: { origin: base }
	});
	expect(started.status()).toBe(201);
	const cycle = await started.json();
	const goal = cycle.documents.find((d: { kind: string }) => d.kind === 'goal') ?? cycle.documents[0];
	const goalUrl = `/documents/${goal.id}`;

	// Before anything is shared, the principal — an admin — cannot even tell the goal exists.
	expect((await visit(principal.page, goalUrl))?.status()).toBe(404);

	// The teacher writes in the goal.
	const sentence = 'Students name one reading strategy in every conference.';
	await openToEdit(teacher.page, goalUrl);
	await typeAtEnd(teacher.page, `\n${sentence}`);
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();

	// The teacher shares it with the principal, to read.
	const whoCanSee = section(teacher.page, 'Who can see this');
	await expect(whoCanSee).toContainText('Nobody else — admins included — can see it.');
	await whoCanSee.getByLabel('Person').selectOption({ label: 'Pat Principal' });
	await whoCanSee.getByLabel('Access').selectOption({ label: 'Can read' });
	await whoCanSee.getByRole('button', { name: 'Share', exact: true }).click();
	await expect(whoCanSee.getByRole('status')).toContainText('Pat Principal can now read it.');
	await expect(whoCanSee).toContainText('Pat Principal can read.');
	await expect(whoCanSee.getByRole('button', { name: 'Stop sharing with Pat Principal' })).toBeVisible();
	// Typing still works: sharing does not disturb the editor.
	await expect(editor(teacher.page)).toHaveAttribute('contenteditable', 'true');

	// The ledger: nobody else has opened it yet (the refused attempt is listed as refused).
	await teacher.page.getByText('Who else has opened this').click();
	await expect(teacher.page.getByText('Nobody else has opened it.')).toBeVisible();
	await expect(teacher.page.getByText('Refused: Pat Principal tried to open it')).toBeVisible();

	// The principal reads it now, and only reads.
	await visit(principal.page, goalUrl);
	await expect(principal.page.getByRole('heading', { level: 1 })).toHaveText(/^Goal: Reading conferences/);
	await expect(editor(principal.page)).toContainText(sentence);
	await expect(principal.page.getByText('View only', { exact: true }).first()).toBeVisible();
	await expect(editor(principal.page)).toHaveAttribute('contenteditable', 'false');
	await expect(section(principal.page, 'Who can see this')).toContainText(
		'Taylor Teacher shared it with you: you can read it.'
	);
	// Sharing is the teacher's alone.
	await expect(principal.page.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
	await expect(principal.page.getByText('Who else has opened this')).toHaveCount(0);

	// The teacher sees that read in the ledger.
	await teacher.page.reload();
	await teacher.page.getByText('Who else has opened this').click();
	await expect(teacher.page.getByText('Pat Principal read it on the web page').first()).toBeVisible();
	await expect(teacher.page.getByText('Nobody else has opened it.')).toHaveCount(0);

	// The teacher releases a snapshot of the goal to the principal.
	await visit(teacher.page, '/releases');
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText('Releases');
	const releaseForm = teacher.page.getByRole('form', { name: 'Release a snapshot' });
	await releaseForm.getByRole('checkbox', { name: /Goal: Reading conferences/ }).check();
	await releaseForm.getByLabel('Release to').selectOption({ label: 'Pat Principal (admin)' });
	await releaseForm.getByLabel('What should they know? (optional)').fill('Progress so far, for our meeting.');
	await releaseForm.getByRole('button', { name: 'Release', exact: true }).click();
	await expect(teacher.page.getByText('Released 1 document to Pat Principal.')).toBeVisible();
	const byMe = section(teacher.page, 'Released by you');
	await byMe.getByRole('link', { name: /Open the release to Pat Principal/ }).click();
	await expect(teacher.page).toHaveURL(/\/releases\/[^/]+$/);
	const releaseUrl = new URL(teacher.page.url()).pathname;

	// The principal finds it under "Released to you" and reads the snapshot.
	await visit(principal.page, '/releases');
	await section(principal.page, 'Released to you')
		.getByRole('link', { name: /Open the release from Taylor Teacher/ })
		.click();
	await expect(principal.page).toHaveURL(new RegExp(`${releaseUrl}$`));
	await expect(principal.page.getByRole('note', { name: 'About this snapshot' })).toContainText(
		'A snapshot Taylor Teacher released to you on'
	);
	await expect(principal.page.getByText(sentence)).toBeVisible();
	await expect(principal.page.getByText('Progress so far, for our meeting.')).toBeVisible();

	// The teacher keeps working; the released copy does not follow.
	const later = 'Added after the release: conferences move to Tuesdays.';
	await openToEdit(teacher.page, goalUrl);
	await typeAtEnd(teacher.page, `\n${later}`);
	await expect(teacher.page.getByText('Saved', { exact: true })).toBeVisible();
	await principal.page.reload();
	await expect(principal.page.getByText(sentence)).toBeVisible();
	await expect(principal.page.getByText(later)).toHaveCount(0);
	// The live document, which is still shared, does have it.
	const live = await principal.context.newPage();
	await live.goto(goalUrl);
	await expect(editor(live)).toContainText(later);
	await live.close();

	// The teacher revokes the release; the principal can no longer open it.
	await visit(teacher.page, '/releases');
	await section(teacher.page, 'Released by you')
		.getByRole('button', { name: 'Revoke the release to Pat Principal' })
		.click();
	await expect(teacher.page.getByText('Pat Principal can no longer open it.')).toBeVisible();
	await expect(section(teacher.page, 'Released by you').getByText('Revoked', { exact: true })).toBeVisible();

	expect((await visit(principal.page, releaseUrl))?.status()).toBe(404);
	const api = await principal.context.request.get(`/api/v1${releaseUrl}`);
	expect(api.status()).toBe(404);
	await visit(principal.page, '/releases');
	await expect(section(principal.page, 'Released to you')).toContainText(
		'Nobody has released anything to you.'
	);

	await Promise.all([coach.context.close(), teacher.context.close(), principal.context.close()]);
});
