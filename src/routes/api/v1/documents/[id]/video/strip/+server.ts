import { endpoint } from '$lib/server/sveltekit/api';
import { serveMediaFile } from '$lib/server/sveltekit/media';

export const GET = endpoint((event) => serveMediaFile(event, 'strip'));
