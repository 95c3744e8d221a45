import { error, text } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import { renderMetrics } from '$lib/server/metrics';
import { runtime } from '$lib/server/sveltekit/context';

export const GET = ({ request }) => {
	const expected = runtime().config.metricsToken;
	if (expected) {
		const given = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
		const a = Buffer.from(given);
		const b = Buffer.from(expected);
		if (a.length !== b.length || !timingSafeEqual(a, b)) error(401, 'A metrics token is required.');
	}
	return text(renderMetrics(runtime()), { headers: { 'content-type': 'text/plain; version=0.0.4' } });
};
