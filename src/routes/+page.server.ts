import { redirect } from '@sveltejs/kit';
import { weekStartInZone } from '$lib/domain/coaching-log';
import {
	can,
	pageNotFound,
	requireUser,
	workspaceAccess,
	rememberWorkspace
} from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { mentionsFor } from '$lib/server/documents/comments';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import type { CycleJson } from '$lib/server/cycles/cycles';
import { adminDashboard, coachDashboard, teacherDashboard } from '$lib/server/dashboards/dashboards';
import { listReadableDocuments } from '$lib/server/documents/documents';
import { createWorkspace, listMembers, setWorkspaceTimeZone } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

const SUMMARY_NAMES = 4;
const RECENT_DOCUMENTS = 8;

/** What a dashboard lists of a cycle: who, what, where it stands. Its documents are on its own page. */
function cycleSummary(cycle: CycleJson) {
	return {
		id: cycle.id,
		title: cycle.title,
		focus: cycle.focus,
		coach: cycle.coach,
		teacher: cycle.teacher,
		stage: cycle.stage,
		status: cycle.status,
		startDate: cycle.startDate,
		targetDate: cycle.targetDate,
		archived: cycle.archived
	};
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current)
		return {
			workspace: null,
			can: null,
			membersSummary: null,
			recentDocuments: [],
			forYou: [],
			gettingStarted: false,
			coach: null,
			teacher: null,
			admin: null
		};

	const workspace = { type: 'workspace', workspaceId: current.id } as const;
	const permissions = {
		manageMembers: can(actor, 'manage_members', workspace),
		invite: can(actor, 'invite', workspace),
		createCycle: can(actor, 'create_cycle', workspace),
		createPlc: can(actor, 'create_plc', workspace),
		viewCycleMetadata: can(actor, 'view_cycle_metadata', workspace),
		// Setting the school's clock is a workspace admin's job, like its members.
		setTimeZone: can(actor, 'manage_settings', workspace)
	};
	const clock = { now: new Date(), timeZone: current.timeZone };
	const roles = current.roles;

	const [coach, teacher, admin, members, documents] = await Promise.all([
		roles.includes('coach') ? coachDashboard(db(), actor, current.id, clock) : null,
		roles.includes('teacher') ? teacherDashboard(db(), actor, current.id, clock) : null,
		// Metadata only (docs/design.md §4): counts, stages and time, never titles or content.
		permissions.viewCycleMetadata ? adminDashboard(db(), current.id, clock) : null,
		permissions.manageMembers ? listMembers(db(), current.id) : null,
		listReadableDocuments(db(), actor, current.id)
	]);

	// Only documents the person may read now (listReadableDocuments asks can()), so a mention in a document
	// whose access ended shows nothing.
	const forYou = await mentionsFor(
		db(),
		runtime().collaboration,
		user.id,
		current.id,
		documents.map((d) => d.id)
	);

	let membersSummary = null;
	if (members) {
		const active = members.filter((m) => m.active);
		membersSummary = {
			total: active.length,
			coaches: active.filter((m) => m.roles.includes('coach')).length,
			teachers: active.filter((m) => m.roles.includes('teacher')).length,
			names: active.slice(0, SUMMARY_NAMES).map((m) => m.name)
		};
	}

	const thisWeek = weekStartInZone(clock.now, clock.timeZone);
	// A workspace that has just begun: no coaching under way for this person, and (for an admin) nobody
	// invited yet. Then the page says what to do first.
	const gettingStarted =
		(!coach || (coach.caseload.length === 0 && coach.requests.length === 0)) &&
		(!teacher || teacher.cycles.length === 0) &&
		(!membersSummary || membersSummary.total < 3);
	return {
		workspace: current,
		can: permissions,
		gettingStarted,
		membersSummary,
		recentDocuments: documents.slice(0, RECENT_DOCUMENTS),
		forYou,
		coach: coach && {
			requests: coach.requests.map(cycleSummary),
			caseload: coach.caseload.map((entry) => ({
				cycle: cycleSummary(entry.cycle),
				lastContact: entry.lastContact,
				nextActivity: entry.nextActivity
			})),
			week: coach.week,
			overdueSteps: coach.overdueSteps,
			dueThisWeekSteps: coach.dueThisWeekSteps,
			hours: {
				thisWeekMinutes: coach.log.byWeek.find((w) => w.weekStart === thisWeek)?.minutes ?? 0,
				totalMinutes: coach.log.totalMinutes
			},
			feedback: coach.feedback
		},
		teacher: teacher && {
			cycles: teacher.cycles.map((cycle) => ({ ...cycleSummary(cycle), goal: cycle.goal })),
			steps: teacher.steps,
			upcoming: teacher.upcoming,
			feedbackDue: teacher.feedbackDue.map(cycleSummary)
		},
		admin
	};
};

export const actions = {
	createWorkspace: async (event) => {
		const user = requireUser(event);
		const name = field(await event.request.formData(), 'workspace');
		let created;
		try {
			created = await createWorkspace(db(), user.id, name);
		} catch (error) {
			return formFailure(error, { action: 'createWorkspace', workspace: name });
		}
		rememberWorkspace(event, created.id);
		redirect(303, '/');
	},

	setTimeZone: async (event) => {
		const user = requireUser(event);
		const { actor, current } = await workspaceAccess(event, user);
		if (!current || !can(actor, 'manage_settings', { type: 'workspace', workspaceId: current.id }))
			pageNotFound();
		const form = await event.request.formData();
		// A typed zone wins over the list, so a school outside the common zones can still be set.
		const timeZone = field(form, 'otherTimeZone').trim() || field(form, 'timeZone');
		try {
			await setWorkspaceTimeZone(db(), current.id, timeZone);
		} catch (error) {
			return formFailure(error, { action: 'setTimeZone', otherTimeZone: field(form, 'otherTimeZone') });
		}
		return { action: 'setTimeZone' as const, message: `The workspace time zone is now ${timeZone}.` };
	}
} satisfies Actions;
