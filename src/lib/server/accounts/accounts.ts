// Signing up and signing in. One generic answer for a wrong email or password, in the same time either way.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, invalid } from '../../domain/errors.ts';
import { hashPassword, validatePassword, verifyAgainstDecoy, verifyPassword } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { createWorkspace, parseWorkspaceName } from '../workspaces/workspaces.ts';

export const emailSchema = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.pipe(z.email({ message: 'Enter a valid email address.' }));
export const nameSchema = z
	.string()
	.trim()
	.min(1, 'Enter your name.')
	.max(100, 'Use at most 100 characters for your name.');

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
	const parsed = emailSchema.safeParse(raw);
	if (!parsed.success)
		throw invalid('Enter a valid email address.', { email: 'Enter a valid email address.' });
	return parsed.data;
}

export function checkNewPassword(password: unknown): string {
	if (typeof password !== 'string') throw invalid('Choose a password.', { password: 'Choose a password.' });
	const problem = validatePassword(password);
	if (problem) throw invalid(problem, { password: problem });
	return password;
}

export function parseName(raw: unknown): string {
	const parsed = nameSchema.safeParse(raw);
	if (!parsed.success) {
		const message = parsed.error.issues[0]?.message ?? 'Enter your name.';
		throw invalid(message, { name: message });
	}
	return parsed.data;
}

export async function createUser(
	db: Db,
	input: { name: string; email: string; password: string }
): Promise<PublicUser> {
	const name = parseName(input.name);
	const email = parseEmail(input.email);
	const password = checkNewPassword(input.password);
	const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
	if (existing) {
		throw new AppError('conflict', 'An account with that email already exists. Log in instead.', {
			email: 'An account with that email already exists.'
		});
	}
	const user = { id: newId(), name, email, passwordHash: await hashPassword(password) };
	await db.insert(users).values(user);
	return { id: user.id, name, email };
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
	const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
	const password = typeof input.password === 'string' ? input.password : '';
	const gate = await throttle.check(email, input.ip, now);
	if (!gate.allowed) {
		throw new AppError('rate_limited', `Too many attempts. Try again in ${gate.retryAfterSeconds} seconds.`, {
			retryAfter: String(gate.retryAfterSeconds)
		});
	}
	const [user] = email ? await db.select().from(users).where(eq(users.email, email)) : [];
	// An unknown email still costs one argon2 verification, so timing does not reveal who has an account.
	const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
	if (!user || !ok) {
		await throttle.recordFailure(email, input.ip, now);
		throw new AppError('unauthenticated', WRONG_CREDENTIALS);
	}
	await throttle.recordSuccess(email);
	return { id: user.id, name: user.name, email: user.email };
}
