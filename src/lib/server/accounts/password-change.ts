// Changing a password from Settings: the current one is required (a borrowed, signed-in laptop is not
// enough), and every other session of the account ends; the one that made the change stays signed in.
import { and, eq, ne } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { invalid } from '../../domain/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { passwordResets, sessions, users } from '../db/schema.ts';
import type { CollaborationControl } from '../runtime.ts';
import { checkNewPassword } from './accounts.ts';
import { confirmPassword } from './confirm-password.ts';

export interface PasswordChange {
	userId: string;
	email: string;
	currentPassword: string;
	newPassword: string;
	/** The session making the change; null when it is made with an access token (then all sessions end). */
	keepSessionId: string | null;
	ip: string;
}

/** Returns the ids of the sessions it ended; their sockets are closed with them (4401). */
export async function changePassword(
	db: Db,
	collaboration: CollaborationControl,
	throttle: LoginLimiter,
	change: PasswordChange
): Promise<string[]> {
	await confirmPassword(
		db,
		throttle,
		{ userId: change.userId, email: change.email, password: change.currentPassword, ip: change.ip },
		{
			field: 'currentPassword',
			message: 'Your current password is not right.',
			fieldMessage: 'This is not your current password.'
		}
	);
	const newPassword = checkNewPassword(change.newPassword);
	if (newPassword === change.currentPassword) {
		throw invalid('Choose a password you have not used here.', {
			newPassword: 'That is your current password.'
		});
	}
	const passwordHash = await hashPassword(newPassword);
	const ended = await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, change.userId));
		// A reset link asked for before the change would undo it.
		await tx.delete(passwordResets).where(eq(passwordResets.userId, change.userId));
		const others =
			change.keepSessionId === null
				? eq(sessions.userId, change.userId)
				: and(eq(sessions.userId, change.userId), ne(sessions.id, change.keepSessionId));
		const removed = await tx.delete(sessions).where(others).returning({ id: sessions.id });
		return removed.map((s) => s.id);
	});
	// The other sessions are gone; so are the sockets they opened. The changing browser's stay open.
	for (const sessionId of ended) collaboration.closeSessionConnections(sessionId, CloseCode.NotAuthenticated);
	return ended;
}
