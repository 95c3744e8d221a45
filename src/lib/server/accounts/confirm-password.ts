// "Enter your password to continue" before a change that only the account's owner may make: a new password,
// linking a provider, exporting or deleting a whole workspace. Throttled like a log-in: guessing the password
// here is a log-in in disguise, and a borrowed signed-in laptop must not be enough.
import { eq } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';

export interface PasswordConfirmation {
	userId: string;
	email: string;
	password: string;
	ip: string;
}

/** The form field a wrong password is reported against, and what the form says above it. */
export interface WrongPasswordWording {
	field: string;
	message: string;
	fieldMessage: string;
}

const DEFAULT_WORDING: WrongPasswordWording = {
	field: 'password',
	message: 'That is not your password.',
	fieldMessage: 'This is not your current password.'
};

export async function confirmPassword(
	db: Db,
	throttle: LoginLimiter,
	input: PasswordConfirmation,
	wording: WrongPasswordWording = DEFAULT_WORDING
): Promise<void> {
	const gate = await throttle.check(input.email, input.ip);
	if (!gate.allowed) {
		throw new AppError('rate_limited', `Too many attempts. Try again in ${gate.retryAfterSeconds} seconds.`, {
			retryAfter: String(gate.retryAfterSeconds)
		});
	}
	const [user] = await db
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, input.userId));
	if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
		await throttle.recordFailure(input.email, input.ip);
		throw invalid(wording.message, { [wording.field]: wording.fieldMessage });
	}
	await throttle.recordSuccess(input.email);
}
