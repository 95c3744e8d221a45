// Single sign-on in Chromium: an admin sets up the district's own OpenID Connect provider in the UI, an
// invited teacher signs in through it from the login page by their school email, and the admin signs in
// with "Google". Both providers are real (oidc-provider on localhost, tests/support/oidc-provider.ts); the
// person types into the provider's own login page.
import { expect, test, type Page } from '@playwright/test';
import { e2eOidcPort, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { PASSWORD, person } from './support/school.ts';

let google: TestOidcProvider;
let district: TestOidcProvider;
test.beforeAll(async ({ baseURL }) => {
	google = await startOidcProvider('google', { port: e2eOidcPort('google') });
	google.registerClient([`${baseURL}/login/sso/google/callback`]);
	district = await startOidcProvider('generic', { port: e2eOidcPort('generic') });
});
test.afterAll(async () => {
	await Promise.all([google?.close(), district?.close()]);
});

const shots = process.env.SSO_SHOTS_DIR;
async function shoot(page: Page, name: string) {
	if (!shots) return;
	await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 720 });
}

/** At the provider's own pages: type a login, then continue past its consent screen. */
async function atProvider(page: Page, login: string) {
	await page.locator('input[name="login"]').fill(login);
	await page.locator('input[name="password"]').fill('any password');
	await page.getByRole('button', { name: 'Sign-in' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
}

test('an admin sets up the district provider; a teacher and the admin sign in with providers', async ({
	browser,
	baseURL
}) => {
	const id = Date.now().toString(36);
	const adminEmail = `admin-${id}@example.com`;
	const teacherEmail = `teacher-${id}@district-${id}.example`;

	const admin = await person(browser, baseURL as string);
	await admin.page.goto('/signup');
	await admin.page.getByLabel('Your name', { exact: true }).fill('Ada Admin');
	await admin.page.getByLabel('Email', { exact: true }).fill(adminEmail);
	await admin.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await admin.page.getByLabel('School or district', { exact: true }).fill(`Lakeside ${id}`);
	await admin.page.getByRole('button', { name: 'Create account' }).click();
	await expect(admin.page).toHaveURL(/\/$/);
	const me = (await (await admin.context.request.get('/api/v1/me')).json()) as {
		workspaces: { id: string }[];
	};
	const workspaceId = me.workspaces[0]?.id as string;
	district.registerClient([`${baseURL}/login/sso/${workspaceId}/callback`]);

	// The admin page, reached from Members.
	await admin.page.goto('/members');
	await admin.page.getByRole('link', { name: 'Single sign-on settings' }).click();
	await expect(admin.page.getByRole('heading', { name: 'Single sign-on', level: 1 })).toBeVisible();
	await expect(admin.page.getByLabel('Redirect URI')).toHaveValue(
		`${baseURL}/login/sso/${workspaceId}/callback`
	);
	await admin.page.getByLabel('Name staff know it by').fill('Lakeside ClassLink');
	await admin.page.getByLabel('Issuer URL').fill(district.issuer);
	await admin.page.getByLabel('Client id').fill(district.clientId);
	await admin.page.getByLabel('Client secret').fill(district.clientSecret);
	await admin.page.getByLabel('Allowed email domains').fill(`district-${id}.example`);
	await admin.page.getByRole('button', { name: 'Save' }).click();
	await expect(admin.page.getByText('Saved. Staff can sign in with it now.')).toBeVisible();
	await expect(admin.page.getByLabel('Client secret')).toHaveValue('');
	await expect(
		admin.page.getByRole('checkbox', { name: /Staff may still log in with a password/ })
	).toBeChecked();
	await shoot(admin.page, 'admin-sso-settings');

	const invitation = await admin.context.request.post(`/api/v1/workspaces/${workspaceId}/invitations`, {
		data: { email: teacherEmail, roles: ['teacher'] },
		headers: { origin: baseURL as string }
	});
	expect(invitation.status()).toBe(201);

	// The teacher: school email on the login page, then the district's own login page, then Tandem.
	district.accounts.set('tess', { email: teacherEmail, verified: true, name: 'Tess Teacher' });
	const teacher = await person(browser, baseURL as string);
	await teacher.page.goto('/login');
	await shoot(teacher.page, 'login');
	await teacher.page.getByLabel('School email').fill(teacherEmail);
	await teacher.page.getByRole('button', { name: 'Sign in with your school account' }).click();
	await teacher.page.getByRole('link', { name: 'Continue to Lakeside ClassLink' }).click();
	await atProvider(teacher.page, 'tess');
	await expect(teacher.page).toHaveURL(`${baseURL}/`);
	await expect(teacher.page.getByText('Tess Teacher').first()).toBeVisible();

	// Signing out of Tandem says plainly that the provider's own sign-in stays.
	await teacher.page.goto('/logout');
	await teacher.page.getByRole('button', { name: 'Yes, log out' }).click();
	await expect(teacher.page.getByText('still signed in there')).toBeVisible();

	// The admin, on another browser, with "Sign in with Google" (Google vouches for the same email).
	google.accounts.set('ada', { email: adminEmail, verified: true });
	const laptop = await person(browser, baseURL as string);
	await laptop.page.goto('/login');
	await laptop.page.getByRole('link', { name: 'Sign in with Google' }).click();
	await atProvider(laptop.page, 'ada');
	await expect(laptop.page).toHaveURL(`${baseURL}/`);
	await laptop.page.goto('/settings');
	await expect(laptop.page.getByRole('heading', { name: 'Sign-in methods' })).toBeVisible();
	await expect(laptop.page.getByText(adminEmail).first()).toBeVisible();
	await shoot(laptop.page, 'settings-sign-in-methods');

	for (const who of [admin, teacher, laptop]) await who.context.close();
});
