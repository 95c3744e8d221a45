import { json } from '@sveltejs/kit';
import { runtime } from '$lib/server/sveltekit/context';

export const GET = async () => {
	const ok = await runtime().database.ping();
	return json({ status: ok ? 'ok' : 'unavailable' }, { status: ok ? 200 : 503 });
};
