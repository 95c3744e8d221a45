// Personal access tokens for scripts and integrations. The token is shown once at creation; the database
// keeps only its SHA-256, so lookup is by hash and a leaked table grants nothing. A plain hash suffices
// (no argon2): the token carries 160 random bits, there is nothing to brute-force.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { CloseCode } from '../../domain/close-codes.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { tokenName } from '../../domain/validation/accounts.ts';
import type { Db } from '../db/client.ts';
import type { CollaborationControl } from '../runtime.ts';
import { accessTokens, users } from '../db/schema.ts';
import type { SessionUser } from './sessions.ts';

// The prefix makes a leaked token recognisable to secret scanners and to the person who finds it.
export const ACCESS_TOKEN_PREFIX = 'tdm_';
const TOKEN_PATTERN = /^tdm_[a-z2-7]{32}$/;
// Recording every use would turn each API read into a write.
const LAST_USED_RESOLUTION_MS = 60 * 1000;
// A token forgotten in a script should not work forever; the owner may choose otherwise, within a year.
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AccessTokenRecord {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	expiresAt: Date | null;
}

const recordColumns = {
	id: accessTokens.id,
	name: accessTokens.name,
	createdAt: accessTokens.createdAt,
	lastUsedAt: accessTokens.lastUsedAt,
	expiresAt: accessTokens.expiresAt
};

/** Usable now: not revoked, and not past its expiry (if it has one). */
function usable(now: Date) {
	return and(
		isNull(accessTokens.revokedAt),
		or(isNull(accessTokens.expiresAt), gt(accessTokens.expiresAt, now))
	);
}

/**
 * How long a new token lives: whole days from 1 to a year, `null` for never; absent means the default.
 * Forms send text ("30", "never"), the API a number or null.
 */
const lifetimeMessage = `A token lives 1 to ${MAX_TOKEN_DAYS} whole days, or never expires (null).`;
/** Absent or '' is the default; null or 'never' is never; days as a number or a form's digits. */
const tokenLifetime = z.preprocess(
	(raw) => {
		if (raw === undefined || raw === '') return DEFAULT_TOKEN_DAYS;
		if (raw === 'never') return null;
		return typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
	},
	z
		.number({ error: lifetimeMessage })
		.int({ error: lifetimeMessage })
		.min(1, { error: lifetimeMessage })
		.max(MAX_TOKEN_DAYS, { error: lifetimeMessage })
		.nullable()
);

export function parseTokenLifetime(raw: unknown): number | null {
	return parseField('expiresInDays', tokenLifetime, raw);
}

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
	name: unknown,
	{ lifetimeDays = DEFAULT_TOKEN_DAYS, now = new Date() }: { lifetimeDays?: number | null; now?: Date } = {}
): Promise<{ token: string; record: AccessTokenRecord }> {
	const label = parseField('name', tokenName, name);
	const token = generateAccessToken();
	const [record] = await db
		.insert(accessTokens)
		.values({
			id: crypto.randomUUID(),
			userId,
			name: label,
			tokenHash: hashAccessToken(token),
			createdAt: now,
			expiresAt: lifetimeDays === null ? null : new Date(now.getTime() + lifetimeDays * DAY_MS)
		})
		.returning(recordColumns);
	if (!record) throw new Error('Inserting an access token returned no row');
	return { token, record };
}

// Active tokens only, newest first; revoked and expired ones stay in the table for the audit trail.
export function listAccessTokens(
	db: Db,
	userId: string,
	now: Date = new Date()
): Promise<AccessTokenRecord[]> {
	return db
		.select(recordColumns)
		.from(accessTokens)
		.where(and(eq(accessTokens.userId, userId), usable(now)))
		.orderBy(desc(accessTokens.createdAt), accessTokens.id);
}

// False when the token does not exist, is already revoked, or belongs to someone else: callers answer
// "not found" in every case so token ids of other users are not confirmed. Its open sockets close with it
// (4205), so nothing sent on them afterwards is applied.
export async function revokeAccessToken(
	db: Db,
	collaboration: CollaborationControl,
	userId: string,
	tokenId: string,
	now: Date = new Date()
): Promise<boolean> {
	if (!isId(tokenId)) return false;
	const revoked = await db
		.update(accessTokens)
		.set({ revokedAt: now })
		.where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
		.returning({ id: accessTokens.id });
	for (const { id } of revoked) collaboration.closeTokenConnections(id, CloseCode.AuthorizationChanged);
	return revoked.length > 0;
}

/** Every token of this person, revoked at once ("sign out everywhere", with tokens). */
export async function revokeAllAccessTokens(
	db: Db,
	collaboration: CollaborationControl,
	userId: string,
	now: Date = new Date()
): Promise<number> {
	const revoked = await db
		.update(accessTokens)
		.set({ revokedAt: now })
		.where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
		.returning({ id: accessTokens.id });
	for (const { id } of revoked) collaboration.closeTokenConnections(id, CloseCode.AuthorizationChanged);
	return revoked.length;
}

export interface TokenIdentity {
	user: SessionUser;
	tokenId: string;
}

/** The person a bearer token stands for, and which token it is; null for unknown, revoked or expired. */
export async function resolveAccessToken(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<TokenIdentity | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select({
			tokenId: accessTokens.id,
			lastUsedAt: accessTokens.lastUsedAt,
			user: { id: users.id, name: users.name, email: users.email }
		})
		.from(accessTokens)
		.innerJoin(users, eq(users.id, accessTokens.userId))
		.where(and(eq(accessTokens.tokenHash, hashAccessToken(token)), usable(now)));
	if (!row) return null;
	// At most one write a minute per token, however busy the script.
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
		await db.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, row.tokenId));
	}
	return { user: row.user, tokenId: row.tokenId };
}
