// Errors that cross a boundary carry a stable code; the HTTP layer maps each code to one status.
export const errorStatus = {
	invalid_request: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	payload_too_large: 413,
	rate_limited: 429,
	/** The database did not answer: nothing was saved, and trying again later may work. */
	unavailable: 503
} as const;

export type ErrorCode = keyof typeof errorStatus;

const APP_ERROR = Symbol.for('tandem.app-error');

export class AppError extends Error {
	/**
	 * SvelteKit's bundle and the collaboration server load this module separately (runtime.ts), so an error
	 * made in one (control.change's `unavailable`) would fail `instanceof AppError` in the other: both copies
	 * recognise the same brand.
	 */
	static [Symbol.hasInstance](value: unknown): boolean {
		if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
		return (
			typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_ERROR] === true
		);
	}

	readonly [APP_ERROR] = true;
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
