// Single sign-on rules that need no I/O: which email a provider vouches for, which domains a workspace's
// provider admits, and what a person reads when a sign-in does not work.

export type ProviderKind = 'google' | 'microsoft' | 'workspace';

/** The ID token claims these rules read; everything else a provider sends is ignored. */
export interface IdentityClaims {
	[claim: string]: unknown;
	email?: unknown;
	email_verified?: unknown;
	/** Entra ID: true when the tenant has verified it owns the email's domain (an optional claim). */
	xms_edov?: unknown;
}

/**
 * The email this provider vouches for, or null. Google and OIDC-speaking providers say so with
 * `email_verified`. Entra ID never sends `email_verified`, and its `email` claim is whatever an admin
 * typed into the directory; it vouches for the address only through the optional claim `xms_edov`
 * ("email domain owner verified": the account's own tenant verified that domain), which the app
 * registration must request (README "Single sign-on").
 */
export function verifiedEmail(kind: ProviderKind, claims: IdentityClaims): string | null {
	if (typeof claims.email !== 'string' || !claims.email.includes('@')) return null;
	const vouched =
		kind === 'microsoft'
			? claims.xms_edov === true || claims.xms_edov === 'true' || claims.xms_edov === 1
			: claims.email_verified === true || claims.email_verified === 'true';
	return vouched ? claims.email.trim().toLowerCase() : null;
}

export function emailDomain(email: string): string {
	return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Null admits any domain (Google and Microsoft, where the account's existence decides). */
export function domainAllowed(email: string, allowedDomains: readonly string[] | null): boolean {
	return allowedDomains === null || allowedDomains.includes(emailDomain(email));
}

/**
 * Entra ID's multi-tenant discovery names its issuer as a template, `…/{tenantid}/v2.0`; the token's
 * issuer is that template with the account's tenant (`tid`) in it. Null when the token cannot fill it.
 */
export function expectedIssuer(discoveryIssuer: string, claims: IdentityClaims): string | null {
	if (!discoveryIssuer.includes('{tenantid}')) return discoveryIssuer;
	if (typeof claims.tid !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.tid)) return null;
	return discoveryIssuer.replace('{tenantid}', claims.tid);
}

/** Why a sign-in with a provider did not work; each has one sentence for the person (ssoProblemMessage). */
export type SsoProblem =
	| 'state'
	| 'denied'
	| 'unavailable'
	| 'code_used'
	| 'invalid_token'
	| 'clock'
	| 'unverified_email'
	| 'domain_not_allowed'
	| 'no_account'
	| 'linked_elsewhere'
	| 'not_configured'
	| 'no_school_provider';

// Never the provider's own error text: it is theirs, unlocalised, and may echo what was sent.
const MESSAGES: Record<SsoProblem, string> = {
	state: 'That sign-in could not be checked (it started in another tab or took too long). Try again.',
	denied: 'The sign-in was cancelled at the provider. Try again, or log in with your password.',
	unavailable:
		'The sign-in provider did not answer. Try again in a few minutes, or log in with your password if your workspace allows it.',
	code_used: 'That sign-in was already used. Start again from this page.',
	invalid_token: 'The provider’s answer could not be verified, so you were not signed in. Try again.',
	clock:
		'The provider’s answer is dated too far from this server’s clock, so you were not signed in. Tell your administrator.',
	unverified_email:
		'Your account at the provider has no verified email address, so Tandem cannot tell who you are. Verify your email there, or log in with your password.',
	domain_not_allowed: 'That email address is not in a domain this workspace signs in with.',
	no_account:
		'There is no Tandem account or invitation for that email address. Ask your workspace admin to invite you.',
	linked_elsewhere: 'That provider account already signs in to another Tandem account.',
	not_configured: 'That sign-in provider is not set up on this server.',
	no_school_provider: 'No school sign-in is set up for that email address. Log in with your password.'
};

export function isSsoProblem(value: unknown): value is SsoProblem {
	return typeof value === 'string' && Object.hasOwn(MESSAGES, value);
}

export function ssoProblemMessage(problem: SsoProblem): string {
	return MESSAGES[problem];
}
