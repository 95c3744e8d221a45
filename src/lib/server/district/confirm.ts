// Exporting or deleting a whole workspace is confirmed by the admin's password (where the account has one:
// a rostered or SSO account may not), throttled like a log-in, and, for deletion, by typing the workspace's name.
import { eq } from 'drizzle-orm';
import { invalid } from '../../domain/errors.ts';
import { confirmPassword, type PasswordConfirmation } from '../accounts/confirm-password.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';

/** An account without a password hash to check ('!': rostered, or signed in with a provider only). */
const NO_PASSWORD = '!';

export async function confirmDistrictAction(
	db: Db,
	throttle: LoginLimiter,
	input: PasswordConfirmation & {
		workspaceName: string;
		typedName: string;
		/** Deletion always asks for the typed name; an export asks for it only when there is no password. */
		nameRequired: boolean;
	}
): Promise<void> {
	const [user] = await db
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, input.userId));
	const hasPassword = !!user && user.passwordHash !== NO_PASSWORD;
	if (hasPassword)
		await confirmPassword(db, throttle, input, {
			field: 'password',
			message: 'That password is not right.',
			fieldMessage: 'Enter your Tandem password.'
		});
	if ((input.nameRequired || !hasPassword) && input.typedName.trim() !== input.workspaceName.trim())
		throw invalid(`Type ${input.workspaceName} exactly to confirm.`, {
			confirmName: `Type “${input.workspaceName}” to confirm.`
		});
}
