// "Enter your password to continue" before a change to how an account signs in (linking a provider).
// Throttled like a log-in: guessing the password here is a log-in in disguise.
import { eq } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { verifyPassword } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';

export async function confirmPassword(
	db: Db,
	throttle: LoginLimiter,
	input: { userId: string; email: string; password: string; ip: string }
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
		throw invalid('That is not your password.', { password: 'This is not your current password.' });
	}
	await throttle.recordSuccess(input.email);
}
