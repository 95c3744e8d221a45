// Signing up and signing in. One generic answer for a wrong email or password, in the same time either way.
import { eq } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { email, personName } from '../../domain/validation/accounts.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { cleanText } from '../../domain/validation/text.ts';
import { hashPassword, validatePassword, verifyAgainstDecoy, verifyPassword } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { passwordSignInRefusedBy } from '../sso/workspace-sign-in.ts';
import { createWorkspace, parseWorkspaceName } from '../workspaces/workspaces.ts';

export interface SignUpInput {
	name: string;
	email: string;
	password: string;
	workspace?: string;
}

export interface PublicUser {
	id: string;
	name: string;
	email: string;
}

export function parseEmail(raw: unknown): string {
	return parseField('email', email, raw);
}

export function checkNewPassword(password: unknown): string {
	if (typeof password !== 'string') throw invalid('Choose a password.', { password: 'Choose a password.' });
	const problem = validatePassword(password);
	if (problem) throw invalid(problem, { password: problem });
	return password;
}

export function parseName(raw: unknown): string {
	return parseField('name', personName, raw);
}

export async function createUser(
	db: Db,
	input: { name: string; email: string; password: string }
): Promise<PublicUser> {
	const name = parseName(input.name);
	const address = parseEmail(input.email);
	const password = checkNewPassword(input.password);
	const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, address));
	if (existing) {
		throw new AppError('conflict', 'An account with that email already exists. Log in instead.', {
			email: 'An account with that email already exists.'
		});
	}
	const user = { id: newId(), name, email: address, passwordHash: await hashPassword(password) };
	await db.insert(users).values(user);
	return { id: user.id, name, email: address };
}

export async function signUp(
	db: Db,
	input: SignUpInput
): Promise<{ user: PublicUser; workspaceId: string | null }> {
	// Check the workspace name before creating anyone, so a bad name leaves no orphan account behind.
	const workspaceName = input.workspace?.trim() ? parseWorkspaceName(input.workspace) : null;
	const user = await createUser(db, input);
	const workspaceId = workspaceName ? (await createWorkspace(db, user.id, workspaceName)).id : null;
	return { user, workspaceId };
}

export const WRONG_CREDENTIALS = 'Wrong email or password.';

export async function authenticate(
	db: Db,
	throttle: LoginLimiter,
	input: { email: unknown; password: unknown; ip: string },
	now = new Date()
): Promise<PublicUser> {
	// Whatever was typed counts against the throttle under its cleaned form; only a well-formed address is
	// looked up, and anything else fails exactly like a wrong password.
	const typed = typeof input.email === 'string' ? cleanText(input.email).toLowerCase().slice(0, 254) : '';
	const parsed = email.safeParse(typed);
	const address = parsed.success ? parsed.data : '';
	const password = typeof input.password === 'string' ? input.password : '';
	const gate = await throttle.check(typed, input.ip, now);
	if (!gate.allowed) {
		throw new AppError('rate_limited', `Too many attempts. Try again in ${gate.retryAfterSeconds} seconds.`, {
			retryAfter: String(gate.retryAfterSeconds)
		});
	}
	const [user] = address ? await db.select().from(users).where(eq(users.email, address)) : [];
	// An unknown email still costs one argon2 verification, so timing does not reveal who has an account.
	const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
	if (!user || !ok) {
		await throttle.recordFailure(typed, input.ip, now);
		throw new AppError('unauthenticated', WRONG_CREDENTIALS);
	}
	await throttle.recordSuccess(typed);
	// A workspace that signs its staff in through its own provider may close the password door.
	const provider = await passwordSignInRefusedBy(db, user.id);
	if (provider) {
		throw new AppError(
			'forbidden',
			`Your workspace signs in with ${provider}. Use “Sign in with your school account” below.`
		);
	}
	return { id: user.id, name: user.name, email: user.email };
}
