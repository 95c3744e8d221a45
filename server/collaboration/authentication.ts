// Decides, once per document on a socket, who is connecting and what they may do there: the same session
// and permission code as the pages (docs/design.md §4). Unknown and forbidden documents look the same (4403).
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import { parseDocumentName } from '../../src/lib/domain/document-name.ts';
import { can } from '../../src/lib/domain/permissions.ts';
import { loadActor, loadDocumentFacts } from '../../src/lib/server/access.ts';
import { resolveIdentity, sessionTokenFromCookieHeader } from '../../src/lib/server/auth/identity.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { ledgerEntryFor } from '../../src/lib/server/ledger/ledger.ts';
import type { LedgerQueue } from '../../src/lib/server/ledger/ledger-queue.ts';
import { colorFor } from '../../src/lib/domain/presence-color.ts';
import type { ConnectionContext } from './context.ts';

/** A failure that is nobody's fault and passes: the client should reconnect (RFC 6455 "Try Again Later"). */
export const TRY_AGAIN_LATER = { code: 1013, reason: 'try-again-later' } as const;

class Refusal extends Error {
	constructor(readonly code: number) {
		super(closeReasons[code as keyof typeof closeReasons] ?? 'refused');
	}
	get reason(): string {
		return this.message;
	}
}

export class Authentication implements Extension {
	priority = 1000;
	extensionName = 'tandem-authentication';

	constructor(
		private readonly db: Db,
		private readonly ledger: Pick<LedgerQueue, 'record'>
	) {}

	async onAuthenticate(
		payload: onAuthenticatePayload<ConnectionContext>
	): Promise<Partial<ConnectionContext>> {
		try {
			return await this.authenticate(payload);
		} catch (error) {
			if (!(error instanceof Refusal)) {
				// Not a decision about access: the database (or something else we need) failed. Closing now, before
				// Hocuspocus answers "permission denied", makes clients retry instead of telling the person they
				// lost access because of a database blip.
				payload.context.closeSocket(TRY_AGAIN_LATER.code, TRY_AGAIN_LATER.reason);
				throw error;
			}
			// Hocuspocus answers a throw with "permission denied" on the socket; the close code follows it.
			setImmediate(() =>
				payload.context.closeSocket(error.code, closeReasons[error.code as CloseCode] ?? 'refused')
			);
			throw error;
		}
	}

	private async authenticate({
		token,
		requestHeaders,
		documentName,
		connectionConfig
	}: onAuthenticatePayload<ConnectionContext>): Promise<Partial<ConnectionContext>> {
		// Who is asking and what the document is are independent reads: both go out at once, and a join
		// waits for two round trips instead of four. Nothing is decided before both are known.
		const documentId = parseDocumentName(documentName);
		const [identity, facts] = await Promise.all([
			// The provider's `token` is a personal access token; without one, the handshake's session cookie.
			resolveIdentity(this.db, {
				bearer: token || null,
				sessionToken: sessionTokenFromCookieHeader(requestHeaders.get('cookie'))
			}),
			documentId ? loadDocumentFacts(this.db, documentId) : null
		]);
		if (!identity) throw new Refusal(CloseCode.NotAuthenticated);
		const actor = await loadActor(this.db, identity.user.id);
		if (!facts) throw new Refusal(CloseCode.NotAllowed);
		const allowed = can(actor, 'read', facts.resource);
		// A socket read is a read like any other: the teacher's ledger learns of it, and of a refusal, after
		// the answer (ledger-queue.ts), so a refusal takes as long as a missing document.
		this.ledger.record(ledgerEntryFor(actor, facts.resource, facts.document.id, 'read', 'socket', allowed));
		if (!allowed) throw new Refusal(CloseCode.NotAllowed);

		const readOnly = !can(actor, 'write', facts.resource);
		connectionConfig.readOnly = readOnly;
		return {
			user: { id: identity.user.id, name: identity.user.name, color: colorFor(identity.user.id) },
			...(identity.via === 'session' ? { sessionId: identity.sessionId } : { tokenId: identity.tokenId }),
			documentId: facts.document.id,
			workspaceId: facts.document.workspaceId,
			readOnly
		};
	}
}
