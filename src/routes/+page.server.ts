import { redirect } from '@sveltejs/kit';
import { can, requireUser, workspaceAccess, rememberWorkspace } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { listReadableDocuments } from '$lib/server/documents/documents';
import { createWorkspace, listMembers } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

const SUMMARY_NAMES = 4;
const RECENT_DOCUMENTS = 8;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) return { workspace: null, can: null, membersSummary: null, recentDocuments: [] };

	const workspace = { type: 'workspace', workspaceId: current.id } as const;
	const permissions = {
		manageMembers: can(actor, 'manage_members', workspace),
		invite: can(actor, 'invite', workspace),
		createCycle: can(actor, 'create_cycle', workspace),
		createPlc: can(actor, 'create_plc', workspace),
		viewCycleMetadata: can(actor, 'view_cycle_metadata', workspace)
	};

	let membersSummary = null;
	if (permissions.manageMembers) {
		const active = (await listMembers(db(), current.id)).filter((m) => m.active);
		membersSummary = {
			total: active.length,
			coaches: active.filter((m) => m.roles.includes('coach')).length,
			teachers: active.filter((m) => m.roles.includes('teacher')).length,
			names: active.slice(0, SUMMARY_NAMES).map((m) => m.name)
		};
	}

	const recentDocuments = (await listReadableDocuments(db(), actor, current.id)).slice(0, RECENT_DOCUMENTS);
	return { workspace: current, can: permissions, membersSummary, recentDocuments };
};

export const actions = {
	createWorkspace: async (event) => {
		const user = requireUser(event);
		const name = field(await event.request.formData(), 'workspace');
		let created;
		try {
			created = await createWorkspace(db(), user.id, name);
		} catch (error) {
			return formFailure(error, { workspace: name });
		}
		rememberWorkspace(event, created.id);
		redirect(303, '/');
	}
} satisfies Actions;
