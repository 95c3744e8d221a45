import { notFound } from '$lib/domain/errors';
import { unshareDocument } from '$lib/server/documents/shares';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** Revoking a share closes that person's open sockets on the document at once (4205). */
export const DELETE = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'share', 'api');
	const userId = event.params.userId ?? '';
	const revoked = await unshareDocument(db(), runtime().collaboration, {
		documentId: document.id,
		workspaceId: document.workspaceId,
		userId,
		revokedBy: user.id
	});
	if (!revoked) throw notFound('That share');
	return new Response(null, { status: 204 });
});
