// Provider accounts and Tandem people. A first sign-in is matched to an existing account or a pending
// invitation by the email the provider vouches for, never by a name; after that the identity is found by
// (issuer, subject), so a changed email at the provider still signs in the same person.
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { normalizeRoles } from '../../domain/roles.ts';
import { domainAllowed } from '../../domain/sso.ts';
import { isId } from '../../domain/validation/ids.ts';
import { createUser } from '../accounts/accounts.ts';
import type { Db } from '../db/client.ts';
import { invitations, memberships, userIdentities, users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { addMembership } from '../workspaces/workspaces.ts';
import type { OidcProvider, ProviderIdentity } from './oidc-flow.ts';
import { SsoError } from './sso-error.ts';

export interface LinkedIdentity {
	id: string;
	provider: OidcProvider['kind'];
	workspaceId: string | null;
	email: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

/** The person this sign-in is, linking the identity on a first sign-in; SsoError when nobody matches. */
export async function resolveSignIn(
	db: Db,
	provider: OidcProvider,
	identity: ProviderIdentity,
	now: Date = new Date()
): Promise<{ userId: string; firstSignIn: boolean }> {
	const [known] = await db
		.select({ id: userIdentities.id, userId: userIdentities.userId })
		.from(userIdentities)
		.where(and(eq(userIdentities.issuer, identity.issuer), eq(userIdentities.subject, identity.subject)));
	if (known) {
		if (provider.workspaceId && !(await isActiveMember(db, provider.workspaceId, known.userId)))
			throw new SsoError('no_account', 'linked person is no longer a member of the provider’s workspace');
		await db.update(userIdentities).set({ lastUsedAt: now }).where(eq(userIdentities.id, known.id));
		return { userId: known.userId, firstSignIn: false };
	}

	const email = identity.verifiedEmail;
	if (!email) throw new SsoError('unverified_email', 'the provider does not vouch for an email');
	if (!domainAllowed(email, provider.allowedDomains))
		throw new SsoError('domain_not_allowed', 'email domain not in the workspace’s list');

	const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
	const pending = await pendingInvitations(db, email, provider.workspaceId, now);
	let userId: string;
	if (account) {
		// A workspace's provider vouches only for its own people: it cannot sign in someone who belongs to
		// other workspaces alone (its admin controls the provider, not those accounts).
		if (
			provider.workspaceId &&
			pending.length === 0 &&
			!(await isActiveMember(db, provider.workspaceId, account.id))
		)
			throw new SsoError('no_account', 'account is not a member of the provider’s workspace');
		userId = account.id;
	} else {
		if (pending.length === 0) throw new SsoError('no_account', 'no account and no pending invitation');
		// The person never chose a password: a random one nobody knows keeps the password door shut until
		// they set one through "Forgot password".
		const password = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
		const name = identity.name?.trim() || email.slice(0, email.indexOf('@'));
		userId = (await createUser(db, { name, email, password })).id;
	}
	for (const invitation of pending) {
		await addMembership(db, invitation.workspaceId, userId, normalizeRoles(invitation.roles));
		await db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
	}
	await insertIdentity(db, userId, provider, identity, email, now);
	return { userId, firstSignIn: true };
}

/** Settings' "Link": the person proved their password; the provider account must not be someone else's. */
export async function linkIdentity(
	db: Db,
	userId: string,
	provider: OidcProvider,
	identity: ProviderIdentity,
	now: Date = new Date()
): Promise<void> {
	const [known] = await db
		.select({ userId: userIdentities.userId })
		.from(userIdentities)
		.where(and(eq(userIdentities.issuer, identity.issuer), eq(userIdentities.subject, identity.subject)));
	if (known?.userId === userId) return;
	if (known) throw new SsoError('linked_elsewhere', 'identity belongs to another person');
	if (provider.workspaceId) {
		if (!(await isActiveMember(db, provider.workspaceId, userId)))
			throw new SsoError('no_account', 'not a member of the provider’s workspace');
		if (!identity.verifiedEmail) throw new SsoError('unverified_email', 'no vouched email');
		if (!domainAllowed(identity.verifiedEmail, provider.allowedDomains))
			throw new SsoError('domain_not_allowed', 'email domain not in the workspace’s list');
	}
	await insertIdentity(db, userId, provider, identity, identity.verifiedEmail ?? '', now);
}

export function listIdentities(db: Db, userId: string): Promise<LinkedIdentity[]> {
	return db
		.select({
			id: userIdentities.id,
			provider: userIdentities.provider,
			workspaceId: userIdentities.workspaceId,
			email: userIdentities.email,
			createdAt: userIdentities.createdAt,
			lastUsedAt: userIdentities.lastUsedAt
		})
		.from(userIdentities)
		.where(eq(userIdentities.userId, userId))
		.orderBy(asc(userIdentities.createdAt)) as Promise<LinkedIdentity[]>;
}

/** False when the identity is not this person's (the caller answers "not found" either way). */
export async function unlinkIdentity(db: Db, userId: string, identityId: string): Promise<boolean> {
	if (!isId(identityId)) return false;
	const removed = await db
		.delete(userIdentities)
		.where(and(eq(userIdentities.id, identityId), eq(userIdentities.userId, userId)))
		.returning({ id: userIdentities.id });
	return removed.length > 0;
}

async function insertIdentity(
	db: Db,
	userId: string,
	provider: OidcProvider,
	identity: ProviderIdentity,
	email: string,
	now: Date
): Promise<void> {
	await db.insert(userIdentities).values({
		id: newId(),
		userId,
		provider: provider.kind,
		workspaceId: provider.workspaceId,
		issuer: identity.issuer,
		subject: identity.subject,
		email,
		createdAt: now,
		lastUsedAt: now
	});
}

async function isActiveMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ active: memberships.active })
		.from(memberships)
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	return row?.active === true;
}

/** Unused, unexpired invitations for this email; only the provider's own workspace's for a workspace provider. */
function pendingInvitations(db: Db, email: string, workspaceId: string | null, now: Date) {
	return db
		.select({ id: invitations.id, workspaceId: invitations.workspaceId, roles: invitations.roles })
		.from(invitations)
		.where(
			and(
				eq(invitations.email, email),
				isNull(invitations.acceptedAt),
				gt(invitations.expiresAt, now),
				workspaceId ? eq(invitations.workspaceId, workspaceId) : undefined
			)
		);
}
