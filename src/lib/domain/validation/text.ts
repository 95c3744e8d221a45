// Text a person types, as it is stored: NFC-normalised, without control characters (a NUL byte is not
// text and Postgres refuses it), without lone surrogates, trimmed, and bounded.
import { z } from 'zod';

// C0 and C1 controls and DEL, plus the Unicode line and paragraph separators. Tab and newline are
// handled apart: kept in multi-line text; on one line, each run of them becomes one space.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface TextOptions {
	/** The most characters (UTF-16 code units, as `String.length` counts them). */
	max: number;
	/** The fewest characters after cleaning; 0 (the default) makes the field optional, absent is ''. */
	min?: number;
	/** Keep newlines and tabs (notes, descriptions); otherwise they become spaces. */
	multiline?: boolean;
	/** Cut text over `max` instead of refusing it (notes, where losing the tail beats losing the note). */
	truncate?: boolean;
	/** The sentence a person reads when the field is missing, too short or too long. */
	message: string;
}

/** The cleaning alone, for text that arrives outside a schema (a query string, a Y.Doc field). */
export function cleanText(raw: string, multiline = false): string {
	const normalized = raw.replace(LONE_SURROGATE, '\ufffd').normalize('NFC').replace(CONTROLS, '');
	return (
		multiline
			? normalized.replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n')
			: normalized.replace(LINE_BREAKS, ' ')
	).trim();
}

/** A text field: a string (absent or null count as '' when the field is optional), cleaned, then bounded. */
export function text(options: TextOptions) {
	const { max, min = 0, multiline = false, truncate = false, message } = options;
	const accept = min === 0 ? (raw: unknown) => raw ?? '' : (raw: unknown) => raw;
	return z.preprocess(
		accept,
		z
			.string({ error: message })
			.transform((raw) => {
				const cleaned = cleanText(raw, multiline);
				return truncate ? cleaned.slice(0, max).trim() : cleaned;
			})
			.pipe(z.string().min(min, { error: message }).max(max, { error: message }))
	);
}
