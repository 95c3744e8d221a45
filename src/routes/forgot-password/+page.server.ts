import { fail } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { RESET_REQUESTED, requestPasswordReset } from '$lib/server/accounts/forgot-password';
import { clientIp } from '$lib/server/auth/client-ip';
import { db, resetRequestLimiter, runtime } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ mailConfigured: runtime().mailer.configured });

export const actions = {
	default: async (event) => {
		const email = field(await event.request.formData(), 'email');
		const { config, mailer, background } = runtime();
		try {
			await requestPasswordReset({
				db: db(),
				mailer,
				background,
				throttle: resetRequestLimiter(),
				email,
				ip: clientIp(event.getClientAddress(), event.request.headers, config.trustProxy),
				// ORIGIN, not the Host header: a forged Host must not put someone else's server in the link.
				origin: config.origin ?? event.url.origin
			});
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			return fail(error.status, { message: error.message, errors: error.details ?? {}, email });
		}
		// The address is not echoed back: the answer is the same bytes whoever asked about whom.
		return { sent: true as const, message: RESET_REQUESTED };
	}
} satisfies Actions;
