// Loads a document for a request and authorizes it; anything the actor may not read is "not found".
import { forbidden, notFound } from '../../domain/errors.ts';
import { can, type Actor, type DocumentAction } from '../../domain/permissions.ts';
import { loadDocumentFacts, type DocumentFacts } from '../access.ts';
import { isDocumentId } from '../../domain/document-name.ts';
import { ledgerEntryFor, type LedgerChannel } from '../ledger/ledger.ts';
import { actorFor, type AuthenticatedUser } from './auth.ts';
import { db, runtime } from './context.ts';

export interface AuthorizedDocument extends DocumentFacts {
	actor: Actor;
	can: Record<'read' | 'comment' | 'write' | 'manage' | 'share' | 'delete' | 'export', boolean>;
}

/**
 * Authorizes one access through one channel, and writes it to the access ledger when the ledger keeps it
 * (reads of cycle documents by others, and every refusal).
 */
export async function authorizeDocument(
	user: AuthenticatedUser,
	documentId: string,
	action: DocumentAction,
	channel: LedgerChannel
): Promise<AuthorizedDocument> {
	const facts = isDocumentId(documentId) ? await loadDocumentFacts(db(), documentId) : null;
	const actor = await actorFor(user);
	if (!facts) throw notFound('That document');
	// What a person may not read looks exactly like a missing document (docs/design.md §4); a reader who may not
	// do more is told so. The one exception: a teacher may open the coach's sealed debrief notes.
	const visible =
		can(actor, 'read', facts.resource) || (action === 'reveal' && can(actor, 'reveal', facts.resource));
	const allowed = visible && can(actor, action, facts.resource);
	// After the answer (ledger-queue.ts): a refusal must take as long as a missing document.
	runtime().ledger.record(ledgerEntryFor(actor, facts.resource, facts.document.id, action, channel, allowed));
	if (!visible) throw notFound('That document');
	if (!allowed) throw forbidden();
	const check = (a: DocumentAction) => can(actor, a, facts.resource);
	return {
		...facts,
		actor,
		can: {
			read: true,
			comment: check('comment'),
			write: check('write'),
			manage: check('manage'),
			share: check('share'),
			delete: check('delete'),
			export: check('export')
		}
	};
}
