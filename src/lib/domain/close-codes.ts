// Close codes of the collaboration socket (docs/design.md §6). Clients switch on these to tell people why.
export const CloseCode = {
	/** No valid session cookie or access token. */
	NotAuthenticated: 4401,
	/** Not allowed, or no such document: the two are indistinguishable on purpose. */
	NotAllowed: 4403,
	/** Access changed while connected (unshare, role change, deactivation, logout): reconnect to re-check. */
	AuthorizationChanged: 4205,
	/** The client sent a frame that is not well formed; it is disconnected. */
	InvalidMessage: 4400,
	/** The document reached its size cap; the edit that would pass it was refused. */
	DocumentTooLarge: 4413,
	/**
	 * An update that carries more separate pieces (Yjs structs) than one frame may: integrating it would hold
	 * the server for everyone. Resending it would be refused again.
	 */
	ChangeTooLarge: 4414,
	/** A frame larger than the socket's maximum payload. */
	MessageTooBig: 1009,
	/**
	 * The socket did not authenticate in time, or sent more before authenticating than it may, or its
	 * address has too many unauthenticated sockets. Not 4205: Hocuspocus' own "Reset Connection" is 4205,
	 * which would read as "authorization changed".
	 */
	PreAuthLimit: 4429
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const closeReasons: Record<CloseCode, string> = {
	[CloseCode.NotAuthenticated]: 'not-authenticated',
	[CloseCode.NotAllowed]: 'not-allowed',
	[CloseCode.AuthorizationChanged]: 'authorization-changed',
	[CloseCode.InvalidMessage]: 'invalid-message',
	[CloseCode.DocumentTooLarge]: 'document-too-large',
	[CloseCode.ChangeTooLarge]: 'change-too-large',
	[CloseCode.MessageTooBig]: 'message-too-big',
	[CloseCode.PreAuthLimit]: 'pre-auth-limit'
};

/** What a person reads when their connection to a document ends, by close code. */
export function describeClose(code: number): string | null {
	switch (code) {
		case CloseCode.NotAuthenticated:
			return 'Your session has ended. Sign in again to keep editing.';
		case CloseCode.NotAllowed:
			return 'You do not have access to this document.';
		case CloseCode.AuthorizationChanged:
			return 'Your access to this document changed. Reconnecting to check…';
		case CloseCode.InvalidMessage:
			return 'The connection sent something the server could not read. Reload the page to reconnect.';
		case CloseCode.DocumentTooLarge:
			return 'This document has reached its size limit. Start a new document to keep writing.';
		case CloseCode.ChangeTooLarge:
			return 'That change was too large to save at once. Try pasting less at a time.';
		case CloseCode.MessageTooBig:
			return 'That change was too large to send. Try pasting less at once.';
		case CloseCode.PreAuthLimit:
			return 'The connection took too long to sign in. Reconnecting…';
		default:
			return null;
	}
}

const reasonCodes = new Map<string, number>(
	Object.entries(closeReasons).map(([code, reason]) => [reason, Number(code)])
);

/**
 * Our close code for a close event. Socket-level closes carry it as the code; a close of one document on a
 * shared socket (Hocuspocus' CLOSE message) arrives as code 1000 with only the reason, so read that too.
 */
export function closeCodeOf(event: { code?: number; reason?: string } | undefined): number | null {
	if (!event) return null;
	if (typeof event.code === 'number' && describeClose(event.code) !== null) return event.code;
	return (event.reason && reasonCodes.get(event.reason)) || null;
}
