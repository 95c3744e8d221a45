// Errors say what failed, never what was being written (issue 13). A failed statement's parameters are
// often what a person typed (an update's bytes are the document's text, an action step's words), and
// drizzle puts them in the error's message (`Failed query: … params: …`), its `params`, and postgres.js
// and PGlite add a `detail` that can quote a whole row. Everything that logs an error, or hands one to a
// library that logs it (Hocuspocus), passes it through here first.

/** What may be logged of an error: its kind, the statement's name, the database's code and message. */
export interface ErrorDescription {
	error: string;
	/** e.g. `insert document_updates`: the verb and the first table, never the values. */
	statement?: string;
	/** The SQLSTATE (e.g. `P0001`, `57P01`) or Node's error code (`ECONNREFUSED`). */
	code?: string;
}

/** A database failure as it leaves the database layer: statement name and code, no parameters. */
export class DatabaseError extends Error {
	override readonly name = 'DatabaseError';
	constructor(
		message: string,
		readonly statement: string | undefined,
		readonly code: string | undefined
	) {
		super(message);
	}
}

interface QueryFailure {
	query: string;
	params: unknown;
	cause?: unknown;
}

function isQueryFailure(error: unknown): error is QueryFailure {
	return (
		error instanceof Error && typeof (error as Partial<QueryFailure>).query === 'string' && 'params' in error
	);
}

/** `insert into "document_updates" (…) select …` → `insert document_updates`. */
export function statementName(query: string): string {
	const verb = query.trim().split(/\s+/)[0]?.toLowerCase() ?? 'query';
	const table = /\b(?:from|into|update|table)\s+"?([A-Za-z_][\w]*)"?/i.exec(query)?.[1];
	return table ? `${verb} ${table}` : verb;
}

/**
 * A database message with anything quoted taken out: Postgres quotes the offending value in some messages
 * (`invalid input syntax for type integer: "…"`), and a value may be what someone wrote.
 */
function withoutQuotedValues(message: string): string {
	return message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

function codeOf(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/** A database driver's own error (postgres.js, PGlite): it carries a SQLSTATE and may carry `detail`. */
function isDriverError(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = codeOf(error);
	return (
		(code !== undefined && /^[0-9A-Z]{5}$/.test(code)) ||
		'detail' in error ||
		'severity' in error ||
		'parameters' in error
	);
}

export function describeError(error: unknown): ErrorDescription {
	if (error instanceof DatabaseError)
		return {
			error: `${error.name}: ${error.message}`,
			...(error.statement ? { statement: error.statement } : {}),
			...(error.code ? { code: error.code } : {})
		};
	if (isQueryFailure(error)) {
		const cause = error.cause;
		const code = codeOf(cause);
		const message =
			cause instanceof Error ? withoutQuotedValues(cause.message) : 'the database refused the statement';
		return { error: message, statement: statementName(error.query), ...(code ? { code } : {}) };
	}
	if (isDriverError(error)) {
		const code = codeOf(error);
		return { error: withoutQuotedValues((error as Error).message), ...(code ? { code } : {}) };
	}
	if (error instanceof Error) {
		const code = codeOf(error);
		return { error: `${error.name}: ${error.message}`, ...(code ? { code } : {}) };
	}
	return { error: typeof error === 'string' ? error : 'a non-error value was thrown' };
}

/** The call frames of an error's stack, without its first line(s), which repeat the message. */
export function stackFrames(error: unknown): string {
	const stack = error instanceof Error ? (error.stack ?? '') : '';
	return stack
		.split('\n')
		.filter((line) => /^\s+at /.test(line))
		.join('\n');
}

/** One line (plus frames) for a console: what failed and where, no parameters. */
export function errorText(error: unknown): string {
	const { error: message, statement, code } = describeError(error);
	const head = [statement ? `[${statement}]` : '', message, code ? `(${code})` : '']
		.filter(Boolean)
		.join(' ');
	const frames = stackFrames(error);
	return frames ? `${head}\n${frames}` : head;
}

/**
 * The error to rethrow where a library will log it: database failures become a DatabaseError (no params,
 * no cause, no detail); anything else is left as it is, so close codes and control-flow errors still work.
 */
export function contentFreeError(error: unknown): unknown {
	if (!isQueryFailure(error) && !isDriverError(error)) return error;
	const { error: message, statement, code } = describeError(error);
	const safe = new DatabaseError(message, statement, code);
	safe.stack = `${safe.name}: ${message}\n${stackFrames(error)}`;
	return safe;
}

/**
 * Whether an error came from the database (a failed statement or a lost connection) rather than from our
 * code: the API answers those 503. Recognised by shape and name, since SvelteKit's bundle and the
 * collaboration server each load their own copy of this module.
 */
export function isDatabaseError(error: unknown): boolean {
	return (
		(error instanceof Error && error.name === 'DatabaseError') ||
		isQueryFailure(error) ||
		isDriverError(error)
	);
}
