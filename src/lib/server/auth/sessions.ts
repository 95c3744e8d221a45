// Database-backed sessions. Only the token's hash is stored (see session-token.ts); the token itself
// exists in the cookie and, briefly, in the return value of createSession.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sessions, users } from '../db/schema.ts';
import {
	evaluateSession,
	generateSessionToken,
	isWellFormedSessionToken,
	sessionExpiry,
	sessionIdFromToken
} from './session-token.ts';

export type Session = typeof sessions.$inferSelect;

export interface SessionUser {
	id: string;
	name: string;
	email: string;
}

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	// True when the expiry moved forward: the caller must re-send the cookie with the new expiry.
	renewed: boolean;
}

export async function createSession(
	db: Db,
	userId: string,
	now: Date = new Date()
): Promise<{ token: string; session: Session }> {
	const token = generateSessionToken();
	const [session] = await db
		.insert(sessions)
		.values({ id: sessionIdFromToken(token), userId, expiresAt: sessionExpiry(now), createdAt: now })
		.returning();
	if (!session) throw new Error('Inserting a session returned no row');
	return { token, session };
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<ValidatedSession | null> {
	if (!isWellFormedSessionToken(token)) return null;
	const sessionId = sessionIdFromToken(token);
	const [row] = await db
		.select({
			session: sessions,
			user: { id: users.id, name: users.name, email: users.email }
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sessionId));
	if (!row) return null;

	const state = evaluateSession(row.session.expiresAt, now);
	if (state === 'expired') {
		await invalidateSession(db, sessionId);
		return null;
	}
	if (state === 'renew') {
		const expiresAt = sessionExpiry(now);
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
		return { session: { ...row.session, expiresAt }, user: row.user, renewed: true };
	}
	return { session: row.session, user: row.user, renewed: false };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

// "Sign out everywhere", and the step after a password change. The ids let the caller close any
// collaboration sockets those sessions opened.
export async function invalidateAllSessions(db: Db, userId: string): Promise<string[]> {
	const removed = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
	return removed.map((row) => row.id);
}
