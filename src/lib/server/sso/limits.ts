// The numbers of single sign-on, each with its reason.
export const ssoLimits = {
	// A person spends this long at the provider at most (typing a password, a second factor) before the
	// state cookie that ties the answer to this browser is gone.
	flowLifetimeSeconds: 10 * 60,
	// Clocks of the provider and this server may differ a little; beyond this, an ID token's dates are not
	// believed (an expired token, or one from the future, is a replay or a broken clock).
	clockToleranceSeconds: 2 * 60,
	// An ID token is used once, right after it is issued; an old one is not a fresh sign-in.
	idTokenMaxAgeSeconds: 10 * 60,
	// Providers rotate keys rarely and publish new ones before use; discovery documents change rarely too.
	discoveryCacheMs: 60 * 60 * 1000,
	// A provider that does not answer in this time is "down" to the person waiting on the login page.
	providerTimeoutMs: 5_000
} as const;
