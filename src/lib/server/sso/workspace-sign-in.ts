// A workspace's own OpenID Connect provider, as its admins set it up. The client secret is sealed with
// TANDEM_SECRET_KEY before it reaches the database and opened only to talk to the provider.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { emailDomain } from '../../domain/sso.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { allowedDomains, clientId, issuerUrl, providerDisplayName } from '../../domain/validation/sso.ts';
import type { Db } from '../db/client.ts';
import { memberships, workspaceSignIn, workspaceSignInDomains, workspaces } from '../db/schema.ts';
import { discover, forgetDiscovery } from './discovery.ts';
import type { OidcProvider } from './oidc-flow.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import type { SsoConfig } from './sso-config.ts';
import { SsoError } from './sso-error.ts';

export const MISSING_KEY_MESSAGE =
	'This server has no TANDEM_SECRET_KEY, so it cannot keep a client secret safely. Ask whoever runs Tandem to set one (README, “Single sign-on”); until then, staff log in with passwords.';

/** What the admin page shows: never the secret, only whether one is kept. */
export interface WorkspaceSignInSettings {
	displayName: string;
	issuer: string;
	clientId: string;
	hasClientSecret: boolean;
	allowedDomains: string[];
	passwordSignIn: boolean;
	updatedAt: Date;
}

export async function readWorkspaceSignIn(
	db: Db,
	workspaceId: string
): Promise<WorkspaceSignInSettings | null> {
	const [row] = await db.select().from(workspaceSignIn).where(eq(workspaceSignIn.workspaceId, workspaceId));
	if (!row) return null;
	return {
		displayName: row.displayName,
		issuer: row.issuer,
		clientId: row.clientId,
		hasClientSecret: row.clientSecretSealed !== '',
		allowedDomains: row.allowedDomains,
		passwordSignIn: row.passwordSignIn,
		updatedAt: row.updatedAt
	};
}

export interface WorkspaceSignInInput {
	displayName: unknown;
	issuer: unknown;
	clientId: unknown;
	/** Blank keeps the secret already stored. */
	clientSecret: unknown;
	allowedDomains: unknown;
	passwordSignIn: boolean;
}

/**
 * Saves the provider after checking the issuer answers discovery (a typo is caught now, not on the first
 * teacher's morning). Refused without TANDEM_SECRET_KEY; an email domain belongs to one workspace only.
 */
export async function saveWorkspaceSignIn(
	db: Db,
	config: SsoConfig,
	workspaceId: string,
	adminId: string,
	input: WorkspaceSignInInput
): Promise<void> {
	const key = config.secretKey;
	if (!key) throw new AppError('unavailable', MISSING_KEY_MESSAGE);
	const displayName = parseField('displayName', providerDisplayName, input.displayName);
	const issuer = parseField('issuer', issuerUrl(config.allowHttpIssuers), input.issuer);
	const client = parseField('clientId', clientId, input.clientId);
	const domains = parseField('allowedDomains', allowedDomains, input.allowedDomains);
	const secret = typeof input.clientSecret === 'string' ? input.clientSecret.trim() : '';
	if (secret.length > 1000) throw invalid('That client secret is too long.', { clientSecret: 'Too long.' });

	const [existing] = await db
		.select({ sealed: workspaceSignIn.clientSecretSealed })
		.from(workspaceSignIn)
		.where(eq(workspaceSignIn.workspaceId, workspaceId));
	if (!secret && !existing)
		throw invalid('Enter the client secret the provider gave you.', {
			clientSecret: 'Enter the client secret.'
		});

	const taken = await db
		.select({ domain: workspaceSignInDomains.domain })
		.from(workspaceSignInDomains)
		.where(
			and(
				inArray(workspaceSignInDomains.domain, domains),
				ne(workspaceSignInDomains.workspaceId, workspaceId)
			)
		);
	if (taken.length > 0) {
		const list = taken.map((t) => t.domain).join(', ');
		throw new AppError('conflict', `${list} already signs in through another workspace.`, {
			allowedDomains: `${list} already signs in through another workspace.`
		});
	}

	forgetDiscovery(issuer);
	try {
		await discover(issuer);
	} catch {
		throw invalid(`Tandem could not read ${issuer}/.well-known/openid-configuration. Check the issuer URL.`, {
			issuer: 'No OpenID Connect discovery document at this address.'
		});
	}

	const sealed = secret ? sealSecret(key, secret, workspaceId) : (existing?.sealed ?? '');
	const values = {
		displayName,
		issuer,
		clientId: client,
		clientSecretSealed: sealed,
		allowedDomains: domains,
		passwordSignIn: input.passwordSignIn,
		updatedBy: adminId,
		updatedAt: new Date()
	};
	await db.transaction(async (tx) => {
		await tx
			.insert(workspaceSignIn)
			.values({ workspaceId, ...values })
			.onConflictDoUpdate({ target: workspaceSignIn.workspaceId, set: values });
		await tx.delete(workspaceSignInDomains).where(eq(workspaceSignInDomains.workspaceId, workspaceId));
		await tx.insert(workspaceSignInDomains).values(domains.map((domain) => ({ domain, workspaceId })));
	});
}

export async function removeWorkspaceSignIn(db: Db, workspaceId: string): Promise<void> {
	await db.delete(workspaceSignIn).where(eq(workspaceSignIn.workspaceId, workspaceId));
}

/** The provider to use, with its secret opened; SsoError when it cannot be used on this server now. */
export async function workspaceProvider(
	db: Db,
	config: SsoConfig,
	workspaceId: string
): Promise<OidcProvider> {
	const [row] = await db
		.select({ settings: workspaceSignIn, workspaceName: workspaces.name })
		.from(workspaceSignIn)
		.innerJoin(workspaces, eq(workspaces.id, workspaceSignIn.workspaceId))
		.where(eq(workspaceSignIn.workspaceId, workspaceId));
	if (!row) throw new SsoError('not_configured', 'no provider for this workspace');
	if (!config.secretKey) throw new SsoError('not_configured', 'TANDEM_SECRET_KEY is not set');
	const secret = openSecret(config.secretKey, row.settings.clientSecretSealed, workspaceId);
	// A rotated or mistyped key: the admin must enter the secret again.
	if (secret === null) throw new SsoError('not_configured', 'client secret does not open with this key');
	return {
		key: workspaceId,
		kind: 'workspace',
		label: row.settings.displayName,
		issuer: row.settings.issuer,
		clientId: row.settings.clientId,
		clientSecret: secret,
		workspaceId,
		allowedDomains: row.settings.allowedDomains
	};
}

/** The workspace whose provider signs in this email's domain, if any ("Sign in with your school account"). */
export async function workspaceForEmail(db: Db, email: string): Promise<string | null> {
	const [row] = await db
		.select({ workspaceId: workspaceSignInDomains.workspaceId })
		.from(workspaceSignInDomains)
		.where(eq(workspaceSignInDomains.domain, emailDomain(email)));
	return row?.workspaceId ?? null;
}

export async function anyWorkspaceSignIn(db: Db): Promise<boolean> {
	const [row] = await db.select({ id: workspaceSignIn.workspaceId }).from(workspaceSignIn).limit(1);
	return Boolean(row);
}

/**
 * The provider name of a workspace this person is an active member of that has turned password sign-in
 * off, or null when a password may sign them in.
 */
export async function passwordSignInRefusedBy(db: Db, userId: string): Promise<string | null> {
	const [row] = await db
		.select({ name: workspaceSignIn.displayName })
		.from(workspaceSignIn)
		.innerJoin(memberships, eq(memberships.workspaceId, workspaceSignIn.workspaceId))
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.active, true),
				eq(workspaceSignIn.passwordSignIn, false)
			)
		)
		.limit(1);
	return row?.name ?? null;
}
