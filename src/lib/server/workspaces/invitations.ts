// Invitations by link: the link carries a random token; the database keeps only its hash.
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, notFound } from '../../domain/errors.ts';
import { normalizeRoles, type Role } from '../../domain/roles.ts';
import { roleList } from '../../domain/validation/accounts.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { createUser, parseEmail, type PublicUser } from '../accounts/accounts.ts';
import type { Db } from '../db/client.ts';
import { invitations, users, workspaces } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { addMembership } from './workspaces.ts';

const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export function parseRoles(raw: unknown): Role[] {
	return normalizeRoles(parseField('role', roleList, raw));
}

export async function createInvitation(
	db: Db,
	input: { workspaceId: string; email: unknown; roles: Role[]; invitedBy: string },
	now = new Date()
): Promise<{ token: string; id: string }> {
	const email = parseEmail(input.email);
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const id = newId();
	await db.insert(invitations).values({
		id,
		workspaceId: input.workspaceId,
		email,
		roles: input.roles,
		tokenHash: hashToken(token),
		invitedBy: input.invitedBy,
		expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS)
	});
	return { token, id };
}

export interface InvitationView {
	id: string;
	workspaceId: string;
	workspaceName: string;
	inviterName: string;
	email: string;
	roles: Role[];
	hasAccount: boolean;
}

/** The invitation behind a link, or null when it is unknown, used or expired (all look the same). */
export async function findInvitation(
	db: Db,
	token: string,
	now = new Date()
): Promise<InvitationView | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const [row] = await db
		.select({
			id: invitations.id,
			workspaceId: invitations.workspaceId,
			workspaceName: workspaces.name,
			inviterName: users.name,
			email: invitations.email,
			roles: invitations.roles,
			expiresAt: invitations.expiresAt
		})
		.from(invitations)
		.innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
		.innerJoin(users, eq(users.id, invitations.invitedBy))
		.where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt)));
	if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
	const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, row.email));
	return { ...row, roles: normalizeRoles(row.roles), hasAccount: Boolean(account) };
}

/**
 * Accepts an invitation: a signed-in user joins the workspace; a visitor creates the account for the
 * invited email. Returns the user to sign in.
 */
export async function acceptInvitation(
	db: Db,
	token: string,
	as: { user: PublicUser } | { name: unknown; password: unknown }
): Promise<PublicUser> {
	const invitation = await findInvitation(db, token);
	if (!invitation) throw notFound('That invitation');
	let user: PublicUser;
	if ('user' in as) {
		// A forwarded link must not let someone else join under the invited person's roles.
		if (as.user.email !== invitation.email) {
			throw new AppError(
				'forbidden',
				`This invitation is for ${invitation.email}. Log in with that account to accept it.`
			);
		}
		user = as.user;
	} else {
		if (invitation.hasAccount) {
			throw new AppError(
				'conflict',
				'You already have an account with this email. Log in, then open the link again.'
			);
		}
		user = await createUser(db, {
			name: String(as.name ?? ''),
			email: invitation.email,
			password: String(as.password ?? '')
		});
	}
	await addMembership(db, invitation.workspaceId, user.id, invitation.roles);
	await db.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
	return user;
}
