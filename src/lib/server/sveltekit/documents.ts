// Loads a document for a request and authorizes it; anything the actor may not read is "not found".
import { forbidden, notFound } from '../../domain/errors.ts';
import { can, type Actor, type DocumentAction } from '../../domain/permissions.ts';
import { loadDocumentFacts, type DocumentFacts } from '../access.ts';
import { isDocumentId } from '../../domain/document-name.ts';
import { actorFor, type AuthenticatedUser } from './auth.ts';
import { db } from './context.ts';

export interface AuthorizedDocument extends DocumentFacts {
	actor: Actor;
	can: Record<'read' | 'write' | 'manage' | 'share' | 'delete' | 'export', boolean>;
}

export async function authorizeDocument(
	user: AuthenticatedUser,
	documentId: string,
	action: DocumentAction
): Promise<AuthorizedDocument> {
	const facts = isDocumentId(documentId) ? await loadDocumentFacts(db(), documentId) : null;
	const actor = await actorFor(user);
	// What a person may not read looks exactly like a missing document (design §4); a reader who may not
	// do more is told so.
	// The one exception: a teacher may open the coach's sealed debrief notes they cannot read yet.
	const visible =
		facts &&
		(can(actor, 'read', facts.resource) || (action === 'reveal' && can(actor, 'reveal', facts.resource)));
	if (!facts || !visible) throw notFound('That document');
	if (!can(actor, action, facts.resource)) throw forbidden();
	const check = (a: DocumentAction) => can(actor, a, facts.resource);
	return {
		...facts,
		actor,
		can: {
			read: true,
			write: check('write'),
			manage: check('manage'),
			share: check('share'),
			delete: check('delete'),
			export: check('export')
		}
	};
}
