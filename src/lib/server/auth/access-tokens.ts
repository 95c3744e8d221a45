// Personal access tokens for scripts and integrations. The token is shown once at creation; the database
// keeps only its SHA-256, so lookup is by hash and a leaked table grants nothing. A plain hash suffices
// (no argon2): the token carries 160 random bits, there is nothing to brute-force.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { invalid } from '../../domain/errors.ts';
import type { Db } from '../db/client.ts';
import { accessTokens, users } from '../db/schema.ts';
import type { SessionUser } from './sessions.ts';

// The prefix makes a leaked token recognisable to secret scanners and to the person who finds it.
export const ACCESS_TOKEN_PREFIX = 'tdm_';
const TOKEN_PATTERN = /^tdm_[a-z2-7]{32}$/;
const MAX_NAME_LENGTH = 100;
// Recording every use would turn each API read into a write.
const LAST_USED_RESOLUTION_MS = 60 * 1000;

export interface AccessTokenRecord {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

const recordColumns = {
	id: accessTokens.id,
	name: accessTokens.name,
	createdAt: accessTokens.createdAt,
	lastUsedAt: accessTokens.lastUsedAt
};

export function generateAccessToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return ACCESS_TOKEN_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

export function hashAccessToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createAccessToken(
	db: Db,
	userId: string,
	name: string,
	now: Date = new Date()
): Promise<{ token: string; record: AccessTokenRecord }> {
	const label = name.trim();
	if (label === '' || label.length > MAX_NAME_LENGTH) {
		throw invalid(`Give the token a name of 1 to ${MAX_NAME_LENGTH} characters.`, {
			name: `Use 1 to ${MAX_NAME_LENGTH} characters.`
		});
	}
	const token = generateAccessToken();
	const [record] = await db
		.insert(accessTokens)
		.values({
			id: crypto.randomUUID(),
			userId,
			name: label,
			tokenHash: hashAccessToken(token),
			createdAt: now
		})
		.returning(recordColumns);
	if (!record) throw new Error('Inserting an access token returned no row');
	return { token, record };
}

// Active tokens only, newest first; revoked ones stay in the table for the audit trail.
export function listAccessTokens(db: Db, userId: string): Promise<AccessTokenRecord[]> {
	return db
		.select(recordColumns)
		.from(accessTokens)
		.where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
		.orderBy(desc(accessTokens.createdAt), accessTokens.id);
}

// False when the token does not exist, is already revoked, or belongs to someone else: callers answer
// "not found" in every case so token ids of other users are not confirmed.
export async function revokeAccessToken(
	db: Db,
	userId: string,
	tokenId: string,
	now: Date = new Date()
): Promise<boolean> {
	const revoked = await db
		.update(accessTokens)
		.set({ revokedAt: now })
		.where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
		.returning({ id: accessTokens.id });
	return revoked.length > 0;
}

export async function resolveAccessToken(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<SessionUser | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select({
			tokenId: accessTokens.id,
			lastUsedAt: accessTokens.lastUsedAt,
			user: { id: users.id, name: users.name, email: users.email }
		})
		.from(accessTokens)
		.innerJoin(users, eq(users.id, accessTokens.userId))
		.where(and(eq(accessTokens.tokenHash, hashAccessToken(token)), isNull(accessTokens.revokedAt)));
	if (!row) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
		await db.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, row.tokenId));
	}
	return row.user;
}
