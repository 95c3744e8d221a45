import { apiError } from '$lib/server/sveltekit/api';

// Unknown API paths answer in the API's error shape rather than with an HTML page.
const notFound = () => apiError('not_found', 'No such API endpoint.', 404);
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
