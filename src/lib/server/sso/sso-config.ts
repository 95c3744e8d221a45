// Single sign-on settings from the environment (README "Single sign-on"). Google and Microsoft are apps the
// operator registers once for the whole instance; each workspace's own provider is set in the UI and its
// client secret is kept encrypted with TANDEM_SECRET_KEY.
import { parseSecretKey } from './secret-box.ts';

export interface BuiltInApp {
	clientId: string;
	clientSecret: string;
	/** The issuer whose discovery document names the endpoints and keys. */
	issuer: string;
}

export interface SsoConfig {
	google: BuiltInApp | undefined;
	microsoft: BuiltInApp | undefined;
	/** 32 bytes from TANDEM_SECRET_KEY; undefined means workspace providers cannot be saved (nor used). */
	secretKey: Uint8Array | undefined;
	/** TEST ONLY: lets a workspace issuer be plain http (the tests' provider on localhost). */
	allowHttpIssuers: boolean;
}

export const GOOGLE_ISSUER = 'https://accounts.google.com';
// "organizations": any work or school (Entra ID) account, no personal Microsoft accounts. An operator may
// name one tenant (its id or domain) to admit only that district.
export const DEFAULT_MICROSOFT_TENANT = 'organizations';
export const microsoftIssuer = (tenant: string) => `https://login.microsoftonline.com/${tenant}/v2.0`;

export function readSsoConfig(env: NodeJS.ProcessEnv): SsoConfig {
	// The TANDEM_TEST_* issuers exist so the tests can stand a local provider in for Google or Microsoft;
	// production leaves them unset and the real discovery URLs are used.
	const google = builtInApp(env, 'GOOGLE', env.TANDEM_TEST_GOOGLE_ISSUER || GOOGLE_ISSUER);
	const microsoft = builtInApp(
		env,
		'MICROSOFT',
		env.TANDEM_TEST_MICROSOFT_ISSUER || microsoftIssuer(env.MICROSOFT_TENANT || DEFAULT_MICROSOFT_TENANT)
	);
	return {
		google,
		microsoft,
		secretKey: env.TANDEM_SECRET_KEY ? parseSecretKey(env.TANDEM_SECRET_KEY) : undefined,
		allowHttpIssuers: env.TANDEM_TEST_ALLOW_HTTP_ISSUERS === 'true'
	};
}

function builtInApp(env: NodeJS.ProcessEnv, prefix: string, issuer: string): BuiltInApp | undefined {
	const clientId = env[`${prefix}_CLIENT_ID`] || undefined;
	const clientSecret = env[`${prefix}_CLIENT_SECRET`] || undefined;
	if (!clientId && !clientSecret) return undefined;
	if (!clientId || !clientSecret)
		throw new Error(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together; set both or neither`);
	return { clientId, clientSecret, issuer };
}
