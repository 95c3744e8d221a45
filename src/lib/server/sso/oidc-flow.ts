// One OpenID Connect sign-in, authorization code flow with PKCE (S256), state and nonce, through Arctic's
// provider-neutral OAuth2Client: every provider, Google and Microsoft included, is an issuer whose
// discovery document names its endpoints, so a test provider on localhost can stand in for any of them.
import {
	ArcticFetchError,
	CodeChallengeMethod,
	generateCodeVerifier,
	generateState,
	OAuth2Client,
	OAuth2RequestError
} from 'arctic';
import { errors as joseErrors, jwtVerify } from 'jose';
import { expectedIssuer, verifiedEmail, type ProviderKind } from '../../domain/sso.ts';
import { discover } from './discovery.ts';
import { ssoLimits } from './limits.ts';
import { SsoError } from './sso-error.ts';

export interface OidcProvider {
	/** In the sign-in's address: `google`, `microsoft`, or the workspace id of a workspace's own provider. */
	key: string;
	kind: ProviderKind;
	/** As staff know it: "Google", "Microsoft", "ClassLink". */
	label: string;
	issuer: string;
	clientId: string;
	clientSecret: string;
	workspaceId: string | null;
	/** Null admits any domain. */
	allowedDomains: string[] | null;
}

/** What the browser keeps (in an httpOnly cookie) between leaving for the provider and coming back. */
export interface SignInFlow {
	provider: string;
	state: string;
	codeVerifier: string;
	nonce: string;
	next: string | null;
	/** Set when a signed-in person links this provider from Settings (after re-entering their password). */
	linkUserId: string | null;
}

/** Who the provider says signed in: its stable id, and the email only if the provider vouches for it. */
export interface ProviderIdentity {
	issuer: string;
	subject: string;
	verifiedEmail: string | null;
	name: string | null;
}

const SCOPES = ['openid', 'email', 'profile'];

export async function beginSignIn(
	provider: OidcProvider,
	redirectUri: string,
	options: { next: string | null; linkUserId?: string | null }
): Promise<{ url: URL; flow: SignInFlow }> {
	const discovery = await discover(provider.issuer);
	const client = new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
	const state = generateState();
	const codeVerifier = generateCodeVerifier();
	const nonce = generateState();
	const url = client.createAuthorizationURLWithPKCE(
		discovery.authorizationEndpoint,
		state,
		CodeChallengeMethod.S256,
		codeVerifier,
		SCOPES
	);
	url.searchParams.set('nonce', nonce);
	return {
		url,
		flow: {
			provider: provider.key,
			state,
			codeVerifier,
			nonce,
			next: options.next,
			linkUserId: options.linkUserId ?? null
		}
	};
}

/**
 * Checks the provider's answer against the flow this browser started, exchanges the code (with the PKCE
 * verifier) and verifies the ID token: signature against the provider's published keys, issuer, audience,
 * dates within the clock tolerance, and the nonce. Throws SsoError.
 */
export async function finishSignIn(
	provider: OidcProvider,
	flow: SignInFlow | null,
	redirectUri: string,
	query: URLSearchParams,
	now: Date = new Date()
): Promise<ProviderIdentity> {
	const state = query.get('state');
	if (!flow || flow.provider !== provider.key || !state || state !== flow.state)
		throw new SsoError('state', 'state missing or not the one this browser was given');
	const refusal = query.get('error');
	if (refusal)
		throw new SsoError(
			refusal === 'access_denied' ? 'denied' : 'unavailable',
			`provider answered ${refusal}`
		);
	const code = query.get('code');
	if (!code) throw new SsoError('state', 'no code in the answer');

	const discovery = await discover(provider.issuer);
	const client = new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
	let idToken: string;
	try {
		const tokens = await client.validateAuthorizationCode(discovery.tokenEndpoint, code, flow.codeVerifier);
		idToken = tokens.idToken();
	} catch (error) {
		if (error instanceof OAuth2RequestError && error.code === 'invalid_grant')
			throw new SsoError('code_used', 'the token endpoint refused the code (used, expired or not ours)');
		if (error instanceof ArcticFetchError)
			throw new SsoError('unavailable', 'token endpoint unreachable', error);
		throw new SsoError('invalid_token', 'token exchange failed', error);
	}
	return verifyIdToken(provider, discovery, idToken, flow.nonce, now);
}

async function verifyIdToken(
	provider: OidcProvider,
	discovery: Awaited<ReturnType<typeof discover>>,
	idToken: string,
	nonce: string,
	now: Date
) {
	let payload;
	try {
		({ payload } = await jwtVerify(idToken, discovery.keys, {
			audience: provider.clientId,
			clockTolerance: ssoLimits.clockToleranceSeconds,
			maxTokenAge: ssoLimits.idTokenMaxAgeSeconds,
			currentDate: now,
			requiredClaims: ['iss', 'sub', 'exp', 'iat']
		}));
	} catch (error) {
		if (error instanceof joseErrors.JWTExpired || isDateClaimFailure(error))
			throw new SsoError('clock', 'ID token dates outside the clock tolerance');
		if (error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_TIMEOUT')
			throw new SsoError('unavailable', 'key set unreachable', error);
		throw new SsoError('invalid_token', 'ID token did not verify', error);
	}
	const issuer = expectedIssuer(discovery.issuer, payload);
	if (!issuer || payload.iss !== issuer) throw new SsoError('invalid_token', 'ID token from another issuer');
	if (payload.nonce !== nonce) throw new SsoError('invalid_token', 'ID token nonce is not this sign-in’s');
	if (typeof payload.sub !== 'string' || payload.sub === '')
		throw new SsoError('invalid_token', 'ID token has no subject');
	return {
		issuer,
		subject: payload.sub,
		verifiedEmail: verifiedEmail(provider.kind, payload),
		name: typeof payload.name === 'string' ? payload.name : null
	};
}

function isDateClaimFailure(error: unknown): boolean {
	return (
		error instanceof joseErrors.JWTClaimValidationFailed && (error.claim === 'iat' || error.claim === 'nbf')
	);
}
