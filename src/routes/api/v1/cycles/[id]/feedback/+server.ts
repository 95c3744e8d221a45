import { json } from '@sveltejs/kit';
import { submitFeedback } from '$lib/server/cycles/feedback';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeCycle } from '$lib/server/sveltekit/cycles';

/** The teacher's anonymous feedback on a closed cycle: `{ "ratings": { … 1–5 }, "comment": "…" }`. */
export const POST = endpoint(async (event) => {
	const { actor, cycle } = await authorizeCycle(event);
	await submitFeedback(db(), actor, cycle, await readJson(event));
	return json({ received: true }, { status: 201 });
});
