// Settings' "Sign-in methods": the provider accounts linked to a person, and the providers they could link.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { memberships, userIdentities, workspaceSignIn } from '../db/schema.ts';
import { BUILT_IN, builtInProviders } from './providers.ts';
import type { SsoConfig } from './sso-config.ts';

export interface LinkedMethod {
	id: string;
	label: string;
	email: string;
	linkedAt: Date;
	lastUsedAt: Date | null;
}

export interface SignInMethods {
	linked: LinkedMethod[];
	/** Providers this person may link: the server's own, and those of workspaces they are active in. */
	linkable: { key: string; label: string }[];
}

export async function signInMethodsFor(db: Db, config: SsoConfig, userId: string): Promise<SignInMethods> {
	const [rows, workspaceProviders] = await Promise.all([
		db
			.select({
				id: userIdentities.id,
				provider: userIdentities.provider,
				workspaceId: userIdentities.workspaceId,
				email: userIdentities.email,
				linkedAt: userIdentities.createdAt,
				lastUsedAt: userIdentities.lastUsedAt,
				workspaceLabel: workspaceSignIn.displayName
			})
			.from(userIdentities)
			.leftJoin(workspaceSignIn, eq(workspaceSignIn.workspaceId, userIdentities.workspaceId))
			.where(eq(userIdentities.userId, userId))
			.orderBy(userIdentities.createdAt),
		db
			.select({ key: workspaceSignIn.workspaceId, label: workspaceSignIn.displayName })
			.from(workspaceSignIn)
			.where(
				inArray(
					workspaceSignIn.workspaceId,
					db
						.select({ id: memberships.workspaceId })
						.from(memberships)
						.where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
				)
			)
	]);
	// One account per provider is enough to sign in; another can be linked after unlinking.
	const linkedKeys = new Set(rows.map((row) => row.workspaceId ?? row.provider));
	return {
		linked: rows.map((row) => ({
			id: row.id,
			label:
				row.provider === 'google' || row.provider === 'microsoft'
					? BUILT_IN[row.provider]
					: (row.workspaceLabel ?? 'A school account'),
			email: row.email,
			linkedAt: row.linkedAt,
			lastUsedAt: row.lastUsedAt
		})),
		linkable: [...builtInProviders(config), ...workspaceProviders].filter((p) => !linkedKeys.has(p.key))
	};
}
