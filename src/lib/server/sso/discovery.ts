// OpenID Connect discovery: the provider's endpoints and signing keys, read from its issuer URL and kept
// for an hour. jose's remote key set refetches on an unknown key id, so key rotation needs no restart.
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { ssoLimits } from './limits.ts';
import { SsoError } from './sso-error.ts';

export interface DiscoveryDocument {
	issuer: string;
	authorizationEndpoint: string;
	tokenEndpoint: string;
	keys: JWTVerifyGetKey;
}

const documents = new Map<string, { document: DiscoveryDocument; fetchedAt: number }>();

export async function discover(issuer: string, now = Date.now()): Promise<DiscoveryDocument> {
	const cached = documents.get(issuer);
	if (cached && now - cached.fetchedAt < ssoLimits.discoveryCacheMs) return cached.document;
	let body: unknown;
	try {
		const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
			signal: AbortSignal.timeout(ssoLimits.providerTimeoutMs),
			headers: { accept: 'application/json' }
		});
		if (!response.ok) throw new Error(`discovery answered ${response.status}`);
		body = await response.json();
	} catch (cause) {
		throw new SsoError('unavailable', `discovery at ${issuer} failed`, cause);
	}
	const document = parseDiscovery(body);
	if (!document) throw new SsoError('unavailable', `discovery at ${issuer} is not an OpenID configuration`);
	documents.set(issuer, { document, fetchedAt: now });
	return document;
}

function parseDiscovery(body: unknown): DiscoveryDocument | null {
	if (!body || typeof body !== 'object') return null;
	const fields = body as Record<string, unknown>;
	const { issuer, authorization_endpoint, token_endpoint, jwks_uri } = fields;
	if (
		typeof issuer !== 'string' ||
		typeof authorization_endpoint !== 'string' ||
		typeof token_endpoint !== 'string' ||
		typeof jwks_uri !== 'string'
	)
		return null;
	return {
		issuer,
		authorizationEndpoint: authorization_endpoint,
		tokenEndpoint: token_endpoint,
		keys: createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: ssoLimits.providerTimeoutMs })
	};
}

/** For tests and for an admin who just changed the issuer. */
export function forgetDiscovery(issuer: string): void {
	documents.delete(issuer);
}
