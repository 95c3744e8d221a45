import { json } from '@sveltejs/kit';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';
import {
	createDocument,
	documentJson,
	listReadableDocuments,
	parseKind,
	parseTitle
} from '$lib/server/documents/documents';

export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event);
	const archived = event.url.searchParams.get('archived') === 'true';
	return json({ documents: await listReadableDocuments(db(), actor, workspaceId, { archived }) });
});

/** A document owned by the workspace itself: every active member works in it. */
export const POST = endpoint(async (event) => {
	const { user, workspaceId } = await authorizeWorkspace(event, 'create_document');
	const body = await readJson(event);
	const row = await createDocument(db(), {
		workspaceId,
		kind: parseKind(body.kind ?? 'note'),
		title: parseTitle(body.title),
		createdBy: user.id
	});
	return json(await documentJson(db(), row), { status: 201 });
});
