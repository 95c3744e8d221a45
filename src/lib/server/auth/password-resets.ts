// Password reset links. The link carries a random secret; the database keeps only its SHA-256, so a leaked
// table opens no account. A link works once and for 30 minutes; using it sets the new password and ends
// every session of the account (whoever had the old password is signed out too).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt } from 'drizzle-orm';
import { invalid } from '../../domain/errors.ts';
import type { Db } from '../db/client.ts';
import { passwordResets, sessions, users } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';

export const RESET_LINK_LIFETIME_MS = 30 * 60 * 1000;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export const LINK_NOT_VALID = 'This reset link has expired or was already used. Ask for a new one.';

/** Where a reset link leads: the secret is in the path, and that page is served with no referrer. */
export function resetLinkUrl(origin: string, token: string): string {
	return `${origin}/reset-password/${token}`;
}

const hashResetToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function issuePasswordReset(
	db: Db,
	userId: string,
	issuedBy: string | null,
	now: Date = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const expiresAt = new Date(now.getTime() + RESET_LINK_LIFETIME_MS);
	await db
		.insert(passwordResets)
		.values({ id: hashResetToken(token), userId, issuedBy, expiresAt, createdAt: now });
	return { token, expiresAt };
}

/** The account a link resets, while the link is still good; for showing the form. */
export async function findPasswordReset(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<{ email: string } | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select({ email: users.email })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(and(eq(passwordResets.id, hashResetToken(token)), gt(passwordResets.expiresAt, now)));
	return row ?? null;
}

/**
 * Spends the link and sets the password, in one transaction: of two requests with the same link, one
 * deletes the row and the other finds none. Every session and every other reset link of the account ends.
 * The password must already be checked (checkNewPassword). Returns the ended sessions' ids, to close
 * the sockets they opened.
 */
export async function usePasswordReset(
	db: Db,
	token: string,
	newPassword: string,
	now: Date = new Date()
): Promise<{ userId: string; endedSessionIds: string[] }> {
	if (!TOKEN_PATTERN.test(token)) throw invalid(LINK_NOT_VALID);
	const passwordHash = await hashPassword(newPassword);
	return db.transaction(async (tx) => {
		const [spent] = await tx
			.delete(passwordResets)
			.where(and(eq(passwordResets.id, hashResetToken(token)), gt(passwordResets.expiresAt, now)))
			.returning({ userId: passwordResets.userId });
		if (!spent) throw invalid(LINK_NOT_VALID);
		await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId));
		await tx.delete(passwordResets).where(eq(passwordResets.userId, spent.userId));
		const ended = await tx
			.delete(sessions)
			.where(eq(sessions.userId, spent.userId))
			.returning({ id: sessions.id });
		return { userId: spent.userId, endedSessionIds: ended.map((s) => s.id) };
	});
}
