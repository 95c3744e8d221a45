// Errors that cross a boundary carry a stable code; the HTTP layer maps each code to one status.
export const errorStatus = {
	invalid_request: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	payload_too_large: 413,
	rate_limited: 429
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
	readonly code: ErrorCode;
	readonly details?: Record<string, string>;

	constructor(code: ErrorCode, message: string, details?: Record<string, string>) {
		super(message);
		this.name = 'AppError';
		this.code = code;
		this.details = details;
	}

	get status(): number {
		return errorStatus[this.code];
	}
}

export const notFound = (what = 'That resource') => new AppError('not_found', `${what} was not found.`);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError('forbidden', message);
export const invalid = (message: string, details?: Record<string, string>) =>
	new AppError('invalid_request', message, details);
