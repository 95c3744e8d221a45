// Issue 16 §3 end to end, in three browsers: the coach comments on a passage and mentions the teacher; the
// teacher sees the highlight arrive live, replies, and types before the passage while the highlight keeps
// covering the same words; the thread is resolved and reopened; the mention is on the teacher's home page;
// a principal who may read and comment (a read-only editor) comments too; deleting a passage keeps its
// thread, "on deleted text".
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { editor, openDocument, openSchool, visit, type Person } from './support/school.ts';

const SHOTS = '/tmp/comments-shots';

/** Selects the first occurrence of `words` in the text, as a person dragging across them would. */
async function selectWords(page: Page, words: string) {
	await page.locator('.ProseMirror').evaluate((root, wanted) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent?.indexOf(wanted) ?? -1;
			if (at === -1) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + wanted.length);
			const selection = window.getSelection();
			selection?.removeAllRanges();
			selection?.addRange(range);
			return;
		}
		throw new Error(`"${wanted}" is not in the text`);
	}, words);
}

/** The document's words, without the other people's caret labels that sit among them. */
function textOf(page: Page): Promise<string> {
	return page.locator('.ProseMirror').evaluate((root) => {
		const copy = root.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
		return copy.textContent ?? '';
	});
}

const highlights = (page: Page) => page.locator('.ProseMirror .comment-highlight');
const comments = (page: Page) =>
	page.locator('section', { has: page.getByRole('heading', { name: 'Comments', exact: true }) });

test('three people comment on passages, reply, resolve and reopen, and a mention reaches the home page', async ({
	browser,
	baseURL
}) => {
	// Three browsers on a shared two-core machine: room for a slow moment, not a measure of speed.
	test.setTimeout(120_000);
	mkdirSync(SHOTS, { recursive: true });
	const school = await openSchool(
		browser,
		baseURL as string,
		[
			{ name: 'Taylor Teacher', roles: ['teacher'] },
			{ name: 'Pat Principal', roles: ['admin'] }
		],
		'Cedar School'
	);
	const coach = school.coach;
	const teacher = school.members['Taylor Teacher'] as Person;
	const principal = school.members['Pat Principal'] as Person;
	const idOf = async (who: Person) =>
		(await (await who.context.request.get('/api/v1/me')).json()).user.id as string;
	const headers = { origin: baseURL as string };
	const cycle = await coach.context.request.post(`/api/v1/workspaces/${school.workspaceId}/cycles`, {
		data: { teacherId: await idOf(teacher), title: 'Partner talk', focus: 'Discussion' },
		headers
	});
	expect(cycle.status()).toBe(201);
	const created = await coach.context.request.post(`/api/v1/cycles/${(await cycle.json()).id}/documents`, {
		data: { kind: 'note', title: 'Lesson notes' },
		headers
	});
	expect(created.status()).toBe(201);
	const documentId: string = (await created.json()).id;
	const shared = await teacher.context.request.post(`/api/v1/documents/${documentId}/shares`, {
		data: { userId: await idOf(principal), access: 'comment' },
		headers
	});
	expect(shared.ok()).toBe(true);

	const url = `/documents/${documentId}`;
	await openDocument(coach.page, url, 'Lesson notes');
	await editor(coach.page).click();
	await coach.page.keyboard.type('The students discussed the text in pairs. Then they wrote.');
	await expect(coach.page.getByText('Saved', { exact: true })).toBeVisible();
	await openDocument(teacher.page, url, 'Lesson notes');

	// The coach selects a passage, comments on it and mentions the teacher from the picker.
	await selectWords(coach.page, 'discussed the text');
	await coach.page.getByRole('button', { name: 'Comment on the selected words' }).click();
	const panel = comments(coach.page);
	await expect(panel.getByText('“discussed the text”')).toBeVisible();
	await panel.getByLabel('Comment on the selected words').fill('Who started the talk? ');
	await panel.getByRole('button', { name: '@ Mention' }).click();
	const picker = panel.getByRole('list', { name: 'People who can read this document' });
	// Only people who can read the document are offered: the teacher and the principal, not the coach.
	await expect(picker.getByRole('button')).toHaveText(['Pat Principal', 'Taylor Teacher']);
	await picker.getByRole('button', { name: 'Taylor Teacher' }).click();
	await panel.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(panel.getByText('Comment added.')).toBeVisible();

	// The teacher sees the highlight arrive live, on the same words, and the thread beside the text.
	await expect(highlights(teacher.page)).toHaveText('discussed the text');
	await expect(comments(teacher.page).getByText('Who started the talk? @Taylor Teacher')).toBeVisible();

	// The teacher replies.
	const teacherPanel = comments(teacher.page);
	await teacherPanel.getByRole('button', { name: 'Reply', exact: true }).click();
	await teacherPanel.getByLabel('Reply to Casey Coach').fill('A quiet pair, after the sentence starters.');
	await teacherPanel.getByRole('button', { name: 'Reply', exact: true }).click();
	await expect(panel.getByText('A quiet pair, after the sentence starters.')).toBeVisible();

	// The teacher types before the passage (and the coach just after it): the anchor covers the same words.
	await editor(teacher.page).click();
	await teacher.page.keyboard.press('ControlOrMeta+Home');
	await teacher.page.keyboard.type('Today ');
	for (const who of [coach, teacher]) {
		await expect.poll(() => textOf(who.page)).toContain('Today The students discussed the text in pairs.');
		await expect(highlights(who.page)).toHaveText('discussed the text');
	}
	await coach.page.screenshot({ path: `${SHOTS}/desktop-coach-thread.png`, fullPage: true });

	// The coach resolves it: the highlight leaves both texts; the teacher reopens it.
	await panel.getByRole('button', { name: 'Resolve' }).click();
	await expect(highlights(teacher.page)).toHaveCount(0);
	await expect(highlights(coach.page)).toHaveCount(0);
	await teacherPanel.getByText('Resolved (1)').click();
	await expect(teacherPanel.getByText('Resolved by Casey Coach')).toBeVisible();
	await teacherPanel.getByRole('button', { name: 'Reopen' }).click();
	await expect(highlights(coach.page)).toHaveText('discussed the text');
	await expect(highlights(teacher.page)).toHaveText('discussed the text');

	// The principal may read and comment: a read-only editor, and a comment the server writes for them.
	await visit(principal.page, url);
	await expect(editor(principal.page)).toContainText('Today The students discussed');
	await expect(editor(principal.page)).toHaveAttribute('contenteditable', 'false');
	await expect(highlights(principal.page)).toHaveText('discussed the text');
	await selectWords(principal.page, 'in pairs');
	await principal.page.getByRole('button', { name: 'Comment on the selected words' }).click();
	await comments(principal.page).getByLabel('Comment on the selected words').fill('Were the pairs chosen?');
	await comments(principal.page).getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(highlights(coach.page)).toHaveText(['discussed the text', 'in pairs']);
	await expect(panel.getByText('Were the pairs chosen?')).toBeVisible();
	await expect(panel.locator('article', { hasText: 'Were the pairs chosen?' })).toContainText(
		'Pat Principal'
	);

	// The coach deletes "in pairs": the principal's thread stays, on deleted text.
	await selectWords(coach.page, 'in pairs');
	await coach.page.keyboard.press('Backspace');
	await expect.poll(() => textOf(teacher.page)).toContain('discussed the text . Then they wrote.');
	for (const who of [coach, teacher, principal]) {
		await expect(comments(who.page).getByText('On deleted text:')).toBeVisible();
		await expect(highlights(who.page)).toHaveText(['discussed the text']);
	}

	await principal.page.setViewportSize({ width: 390, height: 844 });
	await principal.page.screenshot({ path: `${SHOTS}/phone-principal.png`, fullPage: true });

	// The mention is on the teacher's home page, "for you".
	await visit(teacher.page, '/');
	const forYou = teacher.page.locator('section', {
		has: teacher.page.getByRole('heading', { name: 'For you', exact: true })
	});
	await expect(forYou).toContainText('Casey Coach mentioned you in Lesson notes');
	await expect(forYou).toContainText('Who started the talk? @Taylor Teacher');
	await teacher.page.setViewportSize({ width: 390, height: 844 });
	await teacher.page.screenshot({ path: `${SHOTS}/phone-teacher-home.png`, fullPage: true });
	// The principal was not mentioned: nothing for them.
	await visit(principal.page, '/');
	await expect(principal.page.getByRole('heading', { name: 'For you' })).toHaveCount(0);

	for (const who of [coach, teacher, principal]) await who.context.close();
});
