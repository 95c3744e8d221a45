// What the collaboration server knows about each connection, set in onAuthenticate from the session.
export interface CollaborationUser {
	id: string;
	name: string;
	color: string;
}

export interface ConnectionContext {
	/** Closes the whole websocket with a close code; set when the socket is accepted. */
	closeSocket(code: number, reason: string): void;
	user?: CollaborationUser;
	/** The session behind a cookie connection, so logging out can close exactly its sockets. */
	sessionId?: string;
	documentId?: string;
	readOnly?: boolean;
	/** For server-side changes (direct connections): on whose behalf the change is made. */
	actingUserId?: string | null;
}

// Readable, distinct caret colours (each passes 4.5:1 against white text labels).
const PALETTE = ['#b91c1c', '#c2410c', '#a16207', '#15803d', '#0f766e', '#1d4ed8', '#6d28d9', '#be185d'];

export function colorFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] as string;
}
