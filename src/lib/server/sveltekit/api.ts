// JSON API plumbing: one error shape ({"error":{"code","message","details"?}}) and one place that maps errors to it.
import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import type { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { errorText, isDatabaseError } from '../db/errors.ts';

export function apiError(code: string, message: string, status: number, details?: Record<string, string>) {
	return json({ error: { code, message, ...(details ? { details } : {}) } }, { status });
}

/** Wraps an endpoint so every thrown AppError becomes the API's error shape, and nothing else leaks. */
export function endpoint(handler: (event: RequestEvent) => Promise<Response>): RequestHandler {
	return async (event) => {
		try {
			return await handler(event);
		} catch (error) {
			if (error instanceof AppError) return apiError(error.code, error.message, error.status, error.details);
			if (isSvelteKitControlFlow(error)) throw error;
			if (isDatabaseError(error)) {
				console.error(`[${event.locals.requestId}] API error`, errorText(error));
				return apiError('unavailable', 'The database did not answer. Try again in a moment.', 503);
			}
			// Never the error itself: a failed statement's parameters are what someone wrote (issue 13).
			console.error(`[${event.locals.requestId}] API error`, errorText(error));
			return apiError('internal', 'Something went wrong on our side.', 500);
		}
	};
}

/**
 * Reads a JSON object body; a malformed body is a 400 and one over BODY_SIZE_LIMIT a 413 (adapter-node
 * errors the body stream with status 413), never a crash.
 */
export async function readJson(event: RequestEvent): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = await event.request.json();
	} catch (error) {
		if (isTooLarge(error)) throw new AppError('payload_too_large', 'The request body is too large.');
		body = undefined;
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
	throw new AppError('invalid_request', 'Send a JSON object body.');
}

/** The body a client may send: this schema's output, or a 400 naming each bad field. */
export async function readBody<S extends z.ZodType>(event: RequestEvent, schema: S): Promise<z.output<S>> {
	return parseInput(schema, await readJson(event));
}

/**
 * An API address SvelteKit cannot decode (invalid percent-encoding, e.g. `/api/v1/cycles/%80`) would get
 * its HTML error page; the API answers in its own shape instead.
 */
export function malformedApiAddress(url: URL): Response | null {
	if (!url.pathname.startsWith('/api/')) return null;
	try {
		decodeURI(url.pathname);
		return null;
	} catch {
		return apiError('invalid_request', 'The address is not valid.', 400);
	}
}

/** SvelteKit's own 405 for a method an endpoint lacks is plain text; the API's is in its error shape. */
export function apiMethodNotAllowed(url: URL, response: Response): Response {
	if (!url.pathname.startsWith('/api/') || response.status !== 405) return response;
	if (response.headers.get('content-type')?.includes('application/json')) return response;
	const answer = apiError('method_not_allowed', 'This endpoint does not take that method.', 405);
	const allow = response.headers.get('allow');
	if (allow) answer.headers.set('allow', allow);
	return answer;
}

export function isTooLarge(error: unknown): boolean {
	return typeof error === 'object' && error !== null && 'status' in error && error.status === 413;
}

function isSvelteKitControlFlow(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ('status' in error || 'location' in error);
}
