import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import {
	createDocument,
	listReadableDocuments,
	parseTitle,
	renameDocument,
	setDocumentArchived
} from '$lib/server/documents/documents';
import { requireUser, workspaceAccess, pageNotFound } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');
	const [active, archived] = await Promise.all([
		listReadableDocuments(db(), actor, current.id),
		listReadableDocuments(db(), actor, current.id, { archived: true })
	]);
	return { workspace: current, active, archived };
};

async function withDocument(
	event: Parameters<Actions[string]>[0],
	apply: (documentId: string, form: FormData) => Promise<void>
) {
	const user = requireUser(event);
	const form = await event.request.formData();
	const documentId = field(form, 'documentId');
	try {
		await authorizeDocument(user, documentId, 'manage', 'form');
		await apply(documentId, form);
	} catch (error) {
		return formFailure(error, { documentId });
	}
	return { done: true };
}

export const actions = {
	create: async (event) => {
		const user = requireUser(event);
		const { actor, current } = await workspaceAccess(event, user);
		if (!current || !can(actor, 'create_document', { type: 'workspace', workspaceId: current.id }))
			pageNotFound();
		const title = field(await event.request.formData(), 'title');
		let id: string;
		try {
			id = (
				await createDocument(db(), {
					workspaceId: current.id,
					kind: 'note',
					title: parseTitle(title),
					createdBy: user.id
				})
			).id;
		} catch (error) {
			return formFailure(error, { title });
		}
		redirect(303, `/documents/${id}`);
	},
	rename: (event) =>
		withDocument(event, (id, form) => renameDocument(db(), id, parseTitle(field(form, 'title')))),
	archive: (event) => withDocument(event, (id) => setDocumentArchived(db(), id, true)),
	restore: (event) => withDocument(event, (id) => setDocumentArchived(db(), id, false))
} satisfies Actions;
