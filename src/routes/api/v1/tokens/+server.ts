import { json } from '@sveltejs/kit';
import { createAccessToken, listAccessTokens, parseTokenLifetime } from '$lib/server/auth/access-tokens';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	return json({ tokens: await listAccessTokens(db(), user.id) });
});

export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event);
	// `expiresInDays`: 1 to 365, null for never; 90 when absent.
	const { token, record } = await createAccessToken(db(), user.id, body.name, {
		lifetimeDays: parseTokenLifetime(body.expiresInDays)
	});
	// The token is shown this once; only its hash is stored.
	return json(
		{ token, id: record.id, name: record.name, createdAt: record.createdAt, expiresAt: record.expiresAt },
		{ status: 201 }
	);
});
