import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { createPlc, listPlcs } from '$lib/server/plcs/plcs';
import { requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { listMembers } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');
	const createPlcAllowed = can(actor, 'create_plc', { type: 'workspace', workspaceId: current.id });
	const [plcs, members] = await Promise.all([
		listPlcs(db(), actor, current.id),
		createPlcAllowed ? listMembers(db(), current.id) : []
	]);
	return {
		workspace: current,
		plcs: plcs.map(({ id, name, description, facilitator, members: people, documents }) => ({
			id,
			name,
			description,
			facilitator,
			memberCount: people.length,
			documentCount: documents?.length ?? 0,
			isMember: people.some((p) => p.id === user.id)
		})),
		people: members.filter((m) => m.active).map((m) => ({ id: m.userId, name: m.name })),
		can: { create: createPlcAllowed }
	};
};

export const actions = {
	create: async (event) => {
		const user = requireUser(event);
		const { actor, current } = await workspaceAccess(event, user);
		if (!current) redirect(303, '/');
		const form = await event.request.formData();
		const values = { name: field(form, 'name'), description: field(form, 'description') };
		let id: string;
		try {
			id = (
				await createPlc(
					db(),
					actor,
					current.id,
					{
						...values,
						facilitatorId: field(form, 'facilitatorId'),
						memberIds: form.getAll('memberIds').filter((v) => typeof v === 'string')
					},
					'form'
				)
			).id;
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, `/plcs/${id}`);
	}
} satisfies Actions;
