// A sign-in with a provider that did not work, and why, in the words of SsoProblem. The detail is for the
// server's log (never the person's page), and holds no token, code or claim.
import type { SsoProblem } from '../../domain/sso.ts';

export class SsoError extends Error {
	constructor(
		readonly problem: SsoProblem,
		detail: string,
		cause?: unknown
	) {
		super(detail, cause === undefined ? undefined : { cause });
		this.name = 'SsoError';
	}
}
