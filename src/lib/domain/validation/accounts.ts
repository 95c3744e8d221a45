// What a person types to sign up, log in, join or name a workspace.
import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { cleanText, text } from './text.ts';

const EMAIL_MESSAGE = 'Enter a valid email address.';
export const email = z
	.string({ error: EMAIL_MESSAGE })
	.transform((raw) => cleanText(raw).toLowerCase())
	.pipe(
		z
			.string()
			.max(254, { error: EMAIL_MESSAGE })
			.pipe(z.email({ error: EMAIL_MESSAGE }))
	);

export const personName = z
	.string({ error: 'Enter your name.' })
	.transform((raw) => cleanText(raw))
	.pipe(
		z
			.string()
			.min(1, { error: 'Enter your name.' })
			.max(100, { error: 'Use at most 100 characters for your name.' })
	);

export const workspaceName = text({ min: 2, max: 120, message: 'A workspace name has 2 to 120 characters.' });

/** Roles as a list or a comma-separated string; unknown names are dropped, at least one must remain. */
export const roleList = z.preprocess(
	(raw) =>
		(Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [])
			.map((r) => (typeof r === 'string' ? r.trim() : ''))
			.filter((r) => (ROLES as readonly string[]).includes(r)),
	z.array(z.enum(ROLES)).min(1, { error: 'Choose at least one role: admin, coach or teacher.' })
);

export const TOKEN_NAME_MAX = 100;
export const tokenName = text({
	min: 1,
	max: TOKEN_NAME_MAX,
	message: `Give the token a name of 1 to ${TOKEN_NAME_MAX} characters.`
});
