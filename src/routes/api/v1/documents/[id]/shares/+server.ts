import { json } from '@sveltejs/kit';
import { listShares, parseAccess, shareDocument } from '$lib/server/documents/shares';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'share', 'api');
	return json({ shares: await listShares(db(), document.id) });
});

/** Only the cycle's teacher may share (permissions: `share`). */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'share', 'api');
	const body = await readJson(event);
	await shareDocument(db(), runtime().collaboration, {
		documentId: document.id,
		workspaceId: document.workspaceId,
		userId: body.userId,
		access: parseAccess(body.access),
		sharedBy: user.id
	});
	return json({ shares: await listShares(db(), document.id) }, { status: 201 });
});
