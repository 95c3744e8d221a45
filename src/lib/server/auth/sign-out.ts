// Ending sessions, with the sockets they opened: a socket must not outlive the session or token behind it.
import { CloseCode } from '../../domain/close-codes.ts';
import type { Db } from '../db/client.ts';
import type { CollaborationControl } from '../runtime.ts';
import { revokeAllAccessTokens } from './access-tokens.ts';
import { invalidateAllSessions, invalidateSession } from './sessions.ts';

/** Logging out of one browser. */
export async function signOut(db: Db, collaboration: CollaborationControl, sessionId: string): Promise<void> {
	await invalidateSession(db, sessionId);
	collaboration.closeSessionConnections(sessionId, CloseCode.NotAuthenticated);
}

/**
 * Every session of the account, on every device; with `revokeTokens`, every personal access token too (a
 * lost laptop may hold both). Tokens are kept unless asked: scripts would break without warning.
 */
export async function signOutEverywhere(
	db: Db,
	collaboration: CollaborationControl,
	userId: string,
	{ revokeTokens }: { revokeTokens: boolean }
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
	const ended = await invalidateAllSessions(db, userId);
	for (const sessionId of ended) collaboration.closeSessionConnections(sessionId, CloseCode.NotAuthenticated);
	const tokensRevoked = revokeTokens ? await revokeAllAccessTokens(db, collaboration, userId) : 0;
	return { sessionsEnded: ended.length, tokensRevoked };
}
