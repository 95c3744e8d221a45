// The shapes the privacy components receive from their pages' loads and form actions.
import type { LedgerEntryView, Person, ShareView, Viewer } from './words';

export interface DocumentPrivacyData {
	viewer: Viewer;
	/** The coach's notes, not yet opened by the teacher. */
	sealed: boolean;
	/** Everyone the teacher shared with; for a reader, only their own share. */
	shares: ShareView[];
	/** Whom the teacher could share with (empty for anyone else). */
	candidates: Person[];
	/** Newest first; null for anyone but the teacher. */
	ledger: LedgerEntryView[] | null;
}

/** A form action's answer on a page: `{ action, message }`, or a failure naming its action in `values`. */
export type FormResult =
	| {
			action?: string;
			message?: string;
			errors?: Record<string, string>;
			values?: Record<string, string>;
	  }
	| null
	| undefined;

export interface FormFailureView {
	message: string;
	errors: Record<string, string>;
	values: Record<string, string>;
}

/** The failure of one of a page's forms (each failure names its action in `values.action`). */
export function failureOf(form: FormResult, ...actions: string[]): FormFailureView | null {
	if (!form?.values || !actions.includes(form.values.action ?? '')) return null;
	return { message: form.message ?? 'That did not work.', errors: form.errors ?? {}, values: form.values };
}

/** The good news of one of a page's forms. */
export function messageOf(form: FormResult, ...actions: string[]): string | null {
	return form?.action && !form.values && actions.includes(form.action) ? (form.message ?? null) : null;
}
