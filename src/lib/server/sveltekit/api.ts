// JSON API plumbing: one error shape ({"error":{"code","message"}}) and one place that maps errors to it.
import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { AppError } from '../../domain/errors.ts';
import { errorText } from '../db/errors.ts';

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
			// Never the error itself: a failed statement's parameters are what someone wrote (issue 13).
			console.error(`[${event.locals.requestId}] API error`, errorText(error));
			return apiError('internal', 'Something went wrong on our side.', 500);
		}
	};
}

/** Reads a JSON object body; a malformed body is a 400, not a crash. */
export async function readJson(event: RequestEvent): Promise<Record<string, unknown>> {
	try {
		const body: unknown = await event.request.json();
		if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw new AppError('invalid_request', 'Send a JSON object body.');
}

function isSvelteKitControlFlow(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ('status' in error || 'location' in error);
}
