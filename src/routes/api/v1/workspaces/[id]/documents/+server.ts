import { json } from '@sveltejs/kit';
import { forbidden, notFound } from '$lib/domain/errors';
import { can, canSee } from '$lib/domain/permissions';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import {
	createDocument,
	documentJson,
	listReadableDocuments,
	parseKind,
	parseTitle
} from '$lib/server/documents/documents';

export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const workspaceId = event.params.id ?? '';
	if (!canSee(actor, { type: 'workspace', workspaceId })) throw notFound('That workspace');
	const archived = event.url.searchParams.get('archived') === 'true';
	return json({ documents: await listReadableDocuments(db(), actor, workspaceId, { archived }) });
});

/** A document owned by the workspace itself: every active member works in it. */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const workspace = { type: 'workspace', workspaceId: event.params.id ?? '' } as const;
	if (!canSee(actor, workspace)) throw notFound('That workspace');
	if (!can(actor, 'create_document', workspace)) throw forbidden();
	const body = await readJson(event);
	const row = await createDocument(db(), {
		workspaceId: workspace.workspaceId,
		kind: parseKind(body.kind ?? 'note'),
		title: parseTitle(body.title),
		createdBy: user.id
	});
	return json(await documentJson(db(), row), { status: 201 });
});
