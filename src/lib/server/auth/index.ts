export {
	SESSION_COOKIE,
	SESSION_LIFETIME_MS,
	RENEW_WITHIN_MS,
	generateSessionToken,
	isWellFormedSessionToken,
	sessionIdFromToken,
	sessionExpiry,
	evaluateSession,
	sessionCookieOptions,
	type SessionState,
	type SessionCookieOptions
} from './session-token.ts';
export {
	createSession,
	validateSessionToken,
	invalidateSession,
	invalidateAllSessions,
	setActiveWorkspace,
	type Session,
	type SessionUser,
	type ValidatedSession
} from './sessions.ts';
export {
	MIN_PASSWORD_LENGTH,
	MAX_PASSWORD_LENGTH,
	validatePassword,
	hashPassword,
	verifyPassword,
	verifyAgainstDecoy
} from './passwords.ts';
export {
	LoginThrottle,
	Throttler,
	RefillingTokenBucket,
	throttleDefaults,
	type ThrottleDecision
} from './login-throttle.ts';
export { clientIp, parseTrustedProxies } from './client-ip.ts';
export {
	ACCESS_TOKEN_PREFIX,
	createAccessToken,
	listAccessTokens,
	revokeAccessToken,
	resolveAccessToken,
	type AccessTokenRecord
} from './access-tokens.ts';
