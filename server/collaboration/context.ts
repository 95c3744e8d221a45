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
	/** The personal access token behind a token connection, so revoking it can close exactly its sockets. */
	tokenId?: string;
	documentId?: string;
	/** The document's workspace, so a deletion request in one school closes only that school's sockets. */
	workspaceId?: string;
	readOnly?: boolean;
	/** Tells the socket's pre-authentication allowance that a document authenticated (pre-auth-gate.ts). */
	authenticated?: () => void;
	/** For server-side changes (direct connections): on whose behalf the change is made. */
	actingUserId?: string | null;
}
