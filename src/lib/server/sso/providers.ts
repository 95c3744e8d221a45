// Which providers this server offers, and the one a sign-in's address names.
import { isId } from '../../domain/validation/ids.ts';
import type { Db } from '../db/client.ts';
import type { OidcProvider } from './oidc-flow.ts';
import type { BuiltInApp, SsoConfig } from './sso-config.ts';
import { SsoError } from './sso-error.ts';
import { workspaceProvider } from './workspace-sign-in.ts';

export const BUILT_IN = {
	google: 'Google',
	microsoft: 'Microsoft'
} as const;

export type BuiltInKey = keyof typeof BUILT_IN;

function builtIn(key: BuiltInKey, app: BuiltInApp): OidcProvider {
	return {
		key,
		kind: key,
		label: BUILT_IN[key],
		issuer: app.issuer,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		workspaceId: null,
		allowedDomains: null
	};
}

/** The built-in providers the operator has registered apps for, in the order the login page shows them. */
export function builtInProviders(config: SsoConfig): { key: BuiltInKey; label: string }[] {
	return (['google', 'microsoft'] as const)
		.filter((key) => config[key] !== undefined)
		.map((key) => ({ key, label: BUILT_IN[key] }));
}

/** `google`, `microsoft` or a workspace id; SsoError('not_configured') for anything else. */
export async function providerFor(db: Db, config: SsoConfig, key: string): Promise<OidcProvider> {
	if (key === 'google' || key === 'microsoft') {
		const app = config[key];
		if (!app) throw new SsoError('not_configured', `${key} is not configured`);
		return builtIn(key, app);
	}
	if (!isId(key)) throw new SsoError('not_configured', 'unknown provider');
	return workspaceProvider(db, config, key);
}

/** Where the provider sends the person back: one address per provider, so answers cannot be mixed up. */
export function redirectUriFor(origin: string, key: string): string {
	return `${origin}/login/sso/${key}/callback`;
}
