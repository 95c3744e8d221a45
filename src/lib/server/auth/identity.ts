// Who is asking, for HTTP and the collaboration socket alike: a personal access token (the API's bearer, the
// provider's `token`) or the session cookie. One resolver, so both doors apply the same rules (expiry,
// revocation, renewal) and a connection knows which session or token let it in, for closing it later.
import type { Db } from '../db/client.ts';
import { resolveAccessToken } from './access-tokens.ts';
import { SESSION_COOKIE } from './session-token.ts';
import { validateSessionToken, type SessionUser } from './sessions.ts';

export interface Credentials {
	/** A personal access token. When present, it alone decides: a cookie does not rescue a bad token. */
	bearer?: string | null;
	/** The session cookie's value. */
	sessionToken?: string | null;
}

export type Identity =
	| {
			via: 'token';
			user: SessionUser;
			tokenId: string;
	  }
	| {
			via: 'session';
			user: SessionUser;
			sessionId: string;
			/** Set when the session's expiry moved forward: HTTP re-sends the cookie with it. */
			renewedUntil: Date | null;
	  };

/** The identity these credentials prove, or null (unknown, expired or revoked, or none given). */
export async function resolveIdentity(db: Db, credentials: Credentials): Promise<Identity | null> {
	if (credentials.bearer) {
		const token = await resolveAccessToken(db, credentials.bearer);
		return token ? { via: 'token', user: token.user, tokenId: token.tokenId } : null;
	}
	if (!credentials.sessionToken) return null;
	const session = await validateSessionToken(db, credentials.sessionToken);
	if (!session) return null;
	return {
		via: 'session',
		user: session.user,
		sessionId: session.session.id,
		renewedUntil: session.renewed ? session.session.expiresAt : null
	};
}

/** The session token in a Cookie header (the socket's handshake has no cookie jar to ask). */
export function sessionTokenFromCookieHeader(header: string | null): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const index = part.indexOf('=');
		if (index > 0 && part.slice(0, index).trim() === SESSION_COOKIE) {
			try {
				return decodeURIComponent(part.slice(index + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerFromAuthorization(header: string | null): string | null {
	return header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
}
