import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { can } from '$lib/domain/permissions';
import { cyclesJson, listVisibleCycles, parseCycleFilters, startCycle } from '$lib/server/cycles/cycles';
import { pageNotFound, requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { listMembers } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

async function access(event: RequestEvent) {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');
	const workspace = { type: 'workspace', workspaceId: current.id } as const;
	const permissions = {
		// A coach starts cycles with teachers; a teacher asks a coach. Someone who is both may do either.
		startCycle: can(actor, 'start_cycle_as_coach', workspace),
		requestCoaching: can(actor, 'request_coaching', workspace),
		seesOthers: can(actor, 'start_cycle_as_coach', workspace) || can(actor, 'view_cycle_metadata', workspace)
	};
	return { user, actor, current, can: permissions };
}

/** A filter no form would write (a hand-edited address) is a 400 page, not a 500. */
function listFilters(params: URLSearchParams) {
	try {
		return parseCycleFilters(params);
	} catch (failure) {
		if (failure instanceof AppError) error(400, { message: failure.message, code: failure.code });
		throw failure;
	}
}

export const load: PageServerLoad = async (event) => {
	const { user, actor, current, can: permissions } = await access(event);
	const filters = listFilters(event.url.searchParams);
	const [rows, members] = await Promise.all([
		listVisibleCycles(db(), actor, current.id, filters),
		listMembers(db(), current.id)
	]);
	const people = members
		.filter((m) => m.active && m.userId !== user.id)
		.map((m) => ({ id: m.userId, name: m.name, roles: m.roles }));
	const teachers = people.filter((p) => p.roles.includes('teacher')).map(({ id, name }) => ({ id, name }));
	const coaches = people.filter((p) => p.roles.includes('coach')).map(({ id, name }) => ({ id, name }));
	// Metadata only in the list, for everyone: the documents are on each cycle's own page.
	const cycles = (await cyclesJson(db(), actor, rows)).map((c) => ({
		id: c.id,
		title: c.title,
		focus: c.focus,
		coach: c.coach,
		teacher: c.teacher,
		stage: c.stage,
		status: c.status,
		startDate: c.startDate,
		targetDate: c.targetDate,
		archived: c.archived
	}));
	return {
		workspace: { id: current.id, name: current.name },
		filters: {
			stage: filters.stage ?? '',
			status: filters.status ?? '',
			teacherId: filters.teacherId ?? '',
			q: filters.search ?? '',
			archived: filters.archived === true
		},
		cycles,
		teachers: permissions.startCycle || permissions.seesOthers ? teachers : [],
		coaches: permissions.requestCoaching ? coaches : [],
		can: permissions
	};
};

export const actions = {
	start: async (event) => {
		const { actor, current, can: permissions } = await access(event);
		if (!permissions.startCycle) pageNotFound();
		const form = await event.request.formData();
		const values = {
			action: 'start',
			teacherId: field(form, 'teacherId'),
			title: field(form, 'title'),
			focus: field(form, 'focus'),
			startDate: field(form, 'startDate'),
			targetDate: field(form, 'targetDate')
		};
		let id: string;
		try {
			id = (await startCycle(db(), actor, { workspaceId: current.id, ...values })).id;
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, `/cycles/${id}`);
	},

	request: async (event) => {
		const { actor, current, can: permissions } = await access(event);
		if (!permissions.requestCoaching) pageNotFound();
		const form = await event.request.formData();
		const values = {
			action: 'request',
			coachId: field(form, 'coachId'),
			title: field(form, 'title'),
			focus: field(form, 'focus')
		};
		let id: string;
		try {
			id = (await startCycle(db(), actor, { workspaceId: current.id, ...values })).id;
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, `/cycles/${id}`);
	}
} satisfies Actions;
