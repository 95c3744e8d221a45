import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { can } from '$lib/domain/permissions';
import { documentTemplates, isDocumentTemplate } from '$lib/domain/templates';
import { createDocument } from '$lib/server/documents/documents';
import { createDemonstrationObservation } from '$lib/server/observations/demonstration';
import {
	plcRecordFor,
	plcResource,
	plcsJson,
	requirePlc,
	setMembers,
	teamActionSteps,
	updatePlc
} from '$lib/server/plcs/plcs';
import { actorFor, pageNotFound, requireUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { listMembers, workspaceClock } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const SPACE_TEMPLATES = ['plc_agenda', 'plc_notes', 'plc_protocol', 'lesson_plan'] as const;

async function loadPlc(event: RequestEvent) {
	const user = requireUser(event);
	const actor = await actorFor(user);
	try {
		return { user, actor, ...(await requirePlc(db(), actor, event.params.id)) };
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') pageNotFound();
		throw error;
	}
}

export const load: PageServerLoad = async (event) => {
	const { actor, plc, memberIds } = await loadPlc(event);
	const resource = plcResource(plc, memberIds);
	const member = can(actor, 'create_document', resource);
	const manage = can(actor, 'manage', resource);
	const [[json], { today }, people, record] = await Promise.all([
		plcsJson(db(), actor, [plc]),
		workspaceClock(db(), plc.workspaceId),
		manage ? listMembers(db(), plc.workspaceId) : [],
		plcRecordFor(db(), actor, plc, memberIds)
	]);
	const present = member
		? await runtime().collaboration.presence((json!.documents ?? []).map((d) => d.id))
		: new Map();
	return {
		plc: json!,
		record,
		presence: Object.fromEntries(present),
		steps: member ? await teamActionSteps(db(), plc.id, today) : [],
		people: people.filter((p) => p.active).map((p) => ({ id: p.userId, name: p.name })),
		templates: SPACE_TEMPLATES.map((key) => ({ key, label: documentTemplates[key].label })),
		can: { write: member, manage }
	};
};

export const actions = {
	createDocument: async (event) => {
		const { user, actor, plc, memberIds } = await loadPlc(event);
		const template = field(await event.request.formData(), 'template');
		let id: string;
		try {
			if (!can(actor, 'create_document', plcResource(plc, memberIds)))
				throw new AppError('forbidden', 'The group’s members write in its space.');
			if (!isDocumentTemplate(template) || !(SPACE_TEMPLATES as readonly string[]).includes(template))
				throw new AppError('invalid_request', 'Choose what to create.');
			const definition = documentTemplates[template];
			id = (
				await createDocument(db(), {
					workspaceId: plc.workspaceId,
					plcId: plc.id,
					kind: definition.kind,
					title: definition.defaultTitle,
					template,
					createdBy: user.id
				})
			).id;
		} catch (error) {
			return formFailure(error, { action: 'createDocument' });
		}
		redirect(303, `/documents/${id}`);
	},
	demonstration: async (event) => {
		const { user, actor, plc, memberIds } = await loadPlc(event);
		let id: string;
		try {
			if (!can(actor, 'create_document', plcResource(plc, memberIds)))
				throw new AppError('forbidden', 'The group’s members write in its space.');
			id = (
				await createDemonstrationObservation(db(), runtime().collaboration, {
					workspaceId: plc.workspaceId,
					plcId: plc.id,
					createdBy: user.id
				})
			).id;
		} catch (error) {
			return formFailure(error, { action: 'demonstration' });
		}
		redirect(303, `/documents/${id}`);
	},
	update: async (event) => {
		const { actor, plc, memberIds } = await loadPlc(event);
		const form = await event.request.formData();
		const values = { action: 'update', name: field(form, 'name'), description: field(form, 'description') };
		try {
			await updatePlc(db(), actor, plc, memberIds, {
				...values,
				facilitatorId: field(form, 'facilitatorId')
			});
		} catch (error) {
			return formFailure(error, values);
		}
		return { action: 'update', message: 'The group is saved.' };
	},
	members: async (event) => {
		const { actor, plc, memberIds } = await loadPlc(event);
		const form = await event.request.formData();
		try {
			await setMembers(
				db(),
				runtime().collaboration,
				actor,
				plc,
				memberIds,
				form.getAll('memberIds').filter((v) => typeof v === 'string'),
				'form'
			);
		} catch (error) {
			return formFailure(error, { action: 'members' });
		}
		return { action: 'members', message: 'Members saved.' };
	},
	archive: async (event) => {
		const { actor, plc, memberIds } = await loadPlc(event);
		const archived = field(await event.request.formData(), 'archived') === 'true';
		try {
			await updatePlc(db(), actor, plc, memberIds, { archived });
		} catch (error) {
			return formFailure(error, { action: 'archive' });
		}
		return { action: 'archive', message: archived ? 'The group is archived.' : 'The group is back.' };
	}
} satisfies Actions;
