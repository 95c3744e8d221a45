// "Forgot password" end to end: a teacher who forgot their password asks for a link on the login page,
// reads it in the mail (a real SMTP server on localhost), chooses a new password and logs in with it.
import { expect, test } from '@playwright/test';
import { e2eMailPort, resetLinkIn, startMailServer, type MailServer } from '../support/mail-server.ts';
import { PASSWORD, person } from './support/school.ts';

let mail: MailServer;
test.beforeAll(async () => {
	mail = await startMailServer(e2eMailPort());
});
test.afterAll(async () => {
	await mail?.close();
});

test('a teacher resets a forgotten password from the login page', async ({ browser, baseURL }) => {
	const id = `${Date.now().toString(36)}`;
	const email = `forgetful-${id}@example.com`;
	const newPassword = 'river stones and paper boats';

	// An account, signed in on one laptop.
	const laptop = await person(browser, baseURL as string);
	await laptop.page.goto('/signup');
	await laptop.page.getByLabel('Your name', { exact: true }).fill('Fran Forgetful');
	await laptop.page.getByLabel('Email', { exact: true }).fill(email);
	await laptop.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await laptop.page.getByLabel('School or district', { exact: true }).fill(`Willow Elementary ${id}`);
	await laptop.page.getByRole('button', { name: 'Create account' }).click();
	await expect(laptop.page).toHaveURL(/\/$/);

	// On another device, the password is forgotten.
	const phone = await person(browser, baseURL as string);
	await phone.page.goto('/login');
	await phone.page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(phone.page).toHaveURL(/\/forgot-password$/);
	await phone.page.getByLabel('Email', { exact: true }).fill(email);
	await phone.page.getByRole('button', { name: 'Send me a reset link' }).click();
	await expect(phone.page.getByText('If an account uses that address')).toBeVisible();

	const link = resetLinkIn(await mail.nextMailTo(email));
	await phone.page.goto(link);
	await expect(phone.page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
	await expect(phone.page.getByText(`For ${email}.`)).toBeVisible();
	await phone.page.getByLabel('New password', { exact: true }).fill(newPassword);
	await phone.page.getByRole('button', { name: 'Set new password' }).click();

	await expect(phone.page).toHaveURL(/\/login\?reset=done$/);
	await expect(phone.page.getByText('Your password was changed and every session ended.')).toBeVisible();
	await phone.page.getByLabel('Email', { exact: true }).fill(email);
	await phone.page.getByLabel('Password', { exact: true }).fill(newPassword);
	await phone.page.getByRole('button', { name: 'Log in' }).click();
	await expect(phone.page).toHaveURL(/\/$/);

	// The laptop's session ended with the old password.
	await laptop.page.reload();
	await expect(laptop.page).toHaveURL(/\/login/);

	// The link worked once.
	const later = await person(browser, baseURL as string);
	await later.page.goto(link);
	await expect(later.page.getByText('This reset link has expired or was already used.')).toBeVisible();

	await Promise.all([laptop.context.close(), phone.context.close(), later.context.close()]);
});
