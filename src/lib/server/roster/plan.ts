// What importing a roster would change, worked out from the bundle and the workspace as it is. The preview
// shows this plan; applying recomputes it against the workspace at that moment, so the same file applied
// twice finds nothing left to do.
import { normalizeRoles, type Role } from '../../domain/roles.ts';
import type { RosterBundle, RosterPerson, RowProblem } from './bundle.ts';

export interface CurrentMember {
	userId: string;
	name: string;
	email: string;
	roles: Role[];
	active: boolean;
	rosterSourcedId: string | null;
}

export interface PlannedAddition {
	sourcedId: string;
	name: string;
	email: string;
	roles: Role[];
	/** An account that already exists (in another workspace, or signed up): it joins, nothing is created. */
	existingUserId: string | null;
}

export interface PlannedChange {
	userId: string;
	sourcedId: string;
	name: string;
	from: Role[];
	to: Role[];
}

export interface PlannedPerson {
	userId: string;
	sourcedId: string | null;
	name: string;
}

export interface HeldBack extends PlannedPerson {
	reason: string;
}

export interface RosterPlan {
	mode: RosterBundle['mode'];
	add: PlannedAddition[];
	/** Members invited by hand whom the roster names by email: they are keyed by sourcedId from now on. */
	link: (PlannedPerson & { sourcedId: string })[];
	roleChanges: PlannedChange[];
	reactivate: PlannedPerson[];
	deactivate: PlannedPerson[];
	/** Changes the import will not make: to the admin running it, or to the last active admin. */
	held: HeldBack[];
	unchanged: number;
	problems: RowProblem[];
	notStaff: number;
}

export interface PlanContext {
	members: CurrentMember[];
	/** Accounts outside this workspace, by lower-case email. */
	accountsByEmail: Map<string, string>;
	/** Who the admin chose to coach, by sourcedId: coaching is Tandem's to assign, not the roster's. */
	coachSourcedIds: ReadonlySet<string>;
	/** The admin running the import: never demoted or deactivated by it. */
	actorId: string | null;
}

/** Tandem roles for a rostered person: the roster's, plus coach where the admin gave or gives it. */
function rolesFor(person: RosterPerson, current: Role[], context: PlanContext): Role[] {
	const coaches = current.includes('coach') || context.coachSourcedIds.has(person.sourcedId);
	return normalizeRoles([...person.roles, ...(coaches ? ['coach' as const] : [])]);
}

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r, i) => r === b[i]);

export function planRoster(bundle: RosterBundle, context: PlanContext): RosterPlan {
	const plan: RosterPlan = {
		mode: bundle.mode,
		add: [],
		link: [],
		roleChanges: [],
		reactivate: [],
		deactivate: [],
		held: [],
		unchanged: 0,
		problems: [...bundle.problems],
		notStaff: bundle.notStaff
	};
	const bySourcedId = new Map<string, CurrentMember>();
	const byEmail = new Map<string, CurrentMember>();
	for (const member of context.members) {
		if (member.rosterSourcedId) bySourcedId.set(member.rosterSourcedId, member);
		byEmail.set(member.email.toLowerCase(), member);
	}
	// Admins left active after the import, so it never leaves the workspace without one.
	let activeAdmins = context.members.filter((m) => m.active && m.roles.includes('admin')).length;
	const hold = (member: CurrentMember, sourcedId: string | null, reason: string) =>
		plan.held.push({ userId: member.userId, sourcedId, name: member.name, reason });
	const losesAdmin = (member: CurrentMember, to: Role[] | null) =>
		member.active && member.roles.includes('admin') && (to === null || !to.includes('admin'));

	const named = new Set<string>();
	for (const person of bundle.people) {
		let member = bySourcedId.get(person.sourcedId);
		if (!member) {
			const sameEmail = byEmail.get(person.email);
			if (sameEmail?.rosterSourcedId && sameEmail.rosterSourcedId !== person.sourcedId) {
				plan.problems.push({
					file: 'users.csv',
					line: person.line,
					reason: 'email belongs to a member rostered under another sourcedId'
				});
				continue;
			}
			member = sameEmail;
			if (member) plan.link.push({ userId: member.userId, sourcedId: person.sourcedId, name: member.name });
		}
		if (!member) {
			if (!person.active) continue; // Someone who left before they ever arrived.
			plan.add.push({
				sourcedId: person.sourcedId,
				name: person.name,
				email: person.email,
				roles: rolesFor(person, [], context),
				existingUserId: context.accountsByEmail.get(person.email) ?? null
			});
			continue;
		}
		named.add(member.userId);
		const linked = plan.link.at(-1)?.userId === member.userId;
		let changed = linked;
		if (!person.active) {
			if (member.active) {
				if (leave(member, person.sourcedId)) changed = true;
			}
			if (!changed) plan.unchanged++;
			continue;
		}
		const to = rolesFor(person, member.roles, context);
		if (!sameRoles(to, member.roles)) {
			if (member.userId === context.actorId && losesAdmin(member, to))
				hold(member, person.sourcedId, 'the roster would take away your own admin role');
			else if (losesAdmin(member, to) && activeAdmins <= 1)
				hold(member, person.sourcedId, 'the workspace would have no admin left');
			else {
				if (losesAdmin(member, to)) activeAdmins--;
				plan.roleChanges.push({
					userId: member.userId,
					sourcedId: person.sourcedId,
					name: member.name,
					from: member.roles,
					to
				});
				changed = true;
			}
		}
		if (!member.active) {
			plan.reactivate.push({ userId: member.userId, sourcedId: person.sourcedId, name: member.name });
			if (to.includes('admin')) activeAdmins++;
			changed = true;
		}
		if (!changed) plan.unchanged++;
	}

	// A bulk file lists everyone: a rostered member it no longer names has left. Members invited by hand are
	// not the roster's to remove.
	if (bundle.mode === 'bulk') {
		for (const member of context.members) {
			if (!member.rosterSourcedId || named.has(member.userId) || !member.active) continue;
			leave(member, member.rosterSourcedId);
		}
	}
	return plan;

	function leave(member: CurrentMember, sourcedId: string): boolean {
		if (member.userId === context.actorId) {
			hold(member, sourcedId, 'the roster would deactivate you');
			return false;
		}
		if (losesAdmin(member, null) && activeAdmins <= 1) {
			hold(member, sourcedId, 'the workspace would have no admin left');
			return false;
		}
		if (losesAdmin(member, null)) activeAdmins--;
		plan.deactivate.push({ userId: member.userId, sourcedId, name: member.name });
		return true;
	}
}

export interface RosterSummary {
	added: number;
	linked: number;
	roleChanges: number;
	reactivated: number;
	deactivated: number;
	held: number;
	unchanged: number;
	problems: number;
	notStaff: number;
}

export function summarize(plan: RosterPlan): RosterSummary {
	return {
		added: plan.add.length,
		linked: plan.link.length,
		roleChanges: plan.roleChanges.length,
		reactivated: plan.reactivate.length,
		deactivated: plan.deactivate.length,
		held: plan.held.length,
		unchanged: plan.unchanged,
		problems: plan.problems.length,
		notStaff: plan.notStaff
	};
}

/** Whether applying the plan would change anything. */
export function changesAnything(plan: RosterPlan): boolean {
	return (
		plan.add.length +
			plan.link.length +
			plan.roleChanges.length +
			plan.reactivate.length +
			plan.deactivate.length >
		0
	);
}
