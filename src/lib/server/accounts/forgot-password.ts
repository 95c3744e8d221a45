// "Forgot password": the answer, and its timing, are the same whether or not the address has an account.
// Only the throttle runs before the answer; looking the address up, issuing the link and mailing it run
// after it (BackgroundWork), so neither a database write nor an SMTP round trip shows in the response time.
import { eq } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { AppError } from '../../domain/errors.ts';
import type { BackgroundWork } from '../background.ts';
import {
	issuePasswordReset,
	RESET_LINK_LIFETIME_MS,
	resetLinkUrl,
	usePasswordReset
} from '../auth/password-resets.ts';
import type { LoginLimiter } from '../auth/shared-login-throttle.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { CollaborationControl } from '../runtime.ts';
import { checkNewPassword, parseEmail } from './accounts.ts';

export const RESET_REQUESTED =
	'If an account uses that address, we sent it a link to choose a new password. It works once, for 30 minutes.';

export interface ResetRequest {
	db: Db;
	mailer: Mailer;
	background: BackgroundWork;
	throttle: LoginLimiter;
	email: unknown;
	ip: string;
	/** The public origin the link names (ORIGIN). */
	origin: string;
}

export async function requestPasswordReset(request: ResetRequest): Promise<void> {
	const email = parseEmail(request.email);
	const gate = await request.throttle.check(email, request.ip);
	if (!gate.allowed) {
		throw new AppError('rate_limited', `Too many requests. Try again in ${gate.retryAfterSeconds} seconds.`, {
			retryAfter: String(gate.retryAfterSeconds)
		});
	}
	// Without mail there is nobody to send a link to; the page says to ask an admin, for every address.
	if (!request.mailer.configured) return;
	request.background.run('password reset mail', async () => {
		const [user] = await request.db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(eq(users.email, email));
		if (!user) return;
		const { token } = await issuePasswordReset(request.db, user.id, null);
		await request.mailer.send({ to: email, ...resetMail(user.name, resetLinkUrl(request.origin, token)) });
	});
}

function resetMail(name: string, url: string): { subject: string; text: string } {
	const minutes = RESET_LINK_LIFETIME_MS / 60_000;
	return {
		subject: 'Choose a new Tandem password',
		text: [
			`Hello ${name},`,
			'',
			`Someone, hopefully you, asked to reset the password of your Tandem account. Open this link within ${minutes} minutes to choose a new one:`,
			'',
			url,
			'',
			'The link works once. Choosing a new password signs you out on every device.',
			'If you did not ask for this, ignore this email: your password stays as it is.'
		].join('\n')
	};
}

/**
 * Following a mailed or admin-made link: the new password is set and every session of the account ends
 * (the browser that used the link included), with the sockets those sessions opened.
 */
export async function resetPassword(
	db: Db,
	collaboration: CollaborationControl,
	token: string,
	newPassword: unknown
): Promise<void> {
	const ended = await usePasswordReset(db, token, checkNewPassword(newPassword));
	collaboration.closeUserConnections(ended.userId, CloseCode.NotAuthenticated);
}
