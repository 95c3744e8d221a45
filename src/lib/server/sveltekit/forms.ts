// Form-action helpers: an AppError becomes fail(status, { message, errors, ...safe values }).
import { fail, type ActionFailure } from '@sveltejs/kit';
import { AppError } from '../../domain/errors.ts';

export type FormFailure = ActionFailure<{
	message: string;
	errors: Record<string, string>;
	values: Record<string, string>;
}>;

export function formFailure(error: unknown, values: Record<string, string> = {}): FormFailure {
	if (error instanceof AppError) {
		return fail(error.status, { message: error.message, errors: error.details ?? {}, values });
	}
	throw error;
}

export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}
