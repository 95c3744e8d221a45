import type { AuthenticatedUser } from '$lib/server/sveltekit/auth';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			user: AuthenticatedUser | null;
			/** Set for cookie sessions; null for access-token requests and visitors. */
			sessionId: string | null;
			/** How the request authenticated, for the access ledger. */
			authVia: 'session' | 'token' | null;
			requestId: string;
		}
	}
}

export {};
