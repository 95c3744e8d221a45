// use:enhance callbacks shared by the forms: after a failed submit, focus lands where the problem is.
import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

function focusProblem(form: HTMLFormElement): void {
	const target =
		form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
		form.querySelector<HTMLElement>('[role="alert"]');
	target?.focus();
}

/** Default enhance behaviour, plus focus on the first invalid field (or the form's alert) after a failure. */
export const focusFirstError: SubmitFunction = () => {
	return async ({ formElement, result, update }) => {
		await update();
		if (result.type !== 'failure') return;
		await tick();
		focusProblem(formElement);
	};
};

/** Default enhance behaviour, then focus on an element outside the form that reports the outcome. */
export function focusAfter(selector: string, options: { reset?: boolean } = {}): SubmitFunction {
	return () => {
		return async ({ result, update }) => {
			await update({ reset: options.reset ?? true });
			if (result.type !== 'success' && result.type !== 'failure') return;
			await tick();
			document.querySelector<HTMLElement>(selector)?.focus();
		};
	};
}
