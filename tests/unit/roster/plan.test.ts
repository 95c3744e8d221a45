// What a roster would change: additions, role changes, deactivations, and what it will not do.
import { describe, expect, it } from 'vitest';
import type { RosterBundle, RosterPerson } from '../../../src/lib/server/roster/bundle.ts';
import {
	changesAnything,
	planRoster,
	type CurrentMember,
	type PlanContext
} from '../../../src/lib/server/roster/plan.ts';

const person = (
	sourcedId: string,
	roles: RosterPerson['roles'],
	extra: Partial<RosterPerson> = {}
): RosterPerson => ({
	sourcedId,
	email: `${sourcedId}@riverside.example`,
	name: sourcedId,
	roles,
	active: true,
	line: 2,
	...extra
});
const member = (
	userId: string,
	roles: CurrentMember['roles'],
	extra: Partial<CurrentMember> = {}
): CurrentMember => ({
	userId,
	name: userId,
	email: `${userId}@riverside.example`,
	roles,
	active: true,
	rosterSourcedId: userId,
	...extra
});
const bundle = (people: RosterPerson[], mode: RosterBundle['mode'] = 'bulk'): RosterBundle => ({
	mode,
	people,
	problems: [],
	notStaff: 0
});
const context = (members: CurrentMember[], extra: Partial<PlanContext> = {}): PlanContext => ({
	members,
	accountsByEmail: new Map(),
	coachSourcedIds: new Set(),
	actorId: 'boss',
	...extra
});
const boss = member('boss', ['admin', 'coach'], { rosterSourcedId: null });

describe('planning a roster import', () => {
	it('adds new people with the roles the admin chose to coach, joining accounts that exist elsewhere', () => {
		const plan = planRoster(
			bundle([person('t1', ['teacher']), person('t2', ['teacher']), person('p1', ['admin'])]),
			context([boss], {
				coachSourcedIds: new Set(['t2']),
				accountsByEmail: new Map([['p1@riverside.example', 'acct-p1']])
			})
		);
		expect(plan.add.map((a) => [a.sourcedId, a.roles, a.existingUserId])).toEqual([
			['t1', ['teacher'], null],
			['t2', ['coach', 'teacher'], null],
			['p1', ['admin'], 'acct-p1']
		]);
		expect(changesAnything(plan)).toBe(true);
	});

	it('finds nothing to do when the roster matches the workspace, so applying twice changes nothing', () => {
		const plan = planRoster(
			bundle([person('t1', ['teacher']), person('c1', ['teacher'])]),
			context([boss, member('t1', ['teacher']), member('c1', ['coach', 'teacher'])])
		);
		expect(changesAnything(plan)).toBe(false);
		expect(plan.unchanged).toBe(2);
	});

	it('changes roles the roster owns and keeps the coach role an admin gave', () => {
		const plan = planRoster(
			bundle([person('t1', ['admin']), person('c1', ['admin'])]),
			context([boss, member('t1', ['teacher']), member('c1', ['coach', 'teacher'])])
		);
		expect(plan.roleChanges.map((c) => [c.userId, c.from, c.to])).toEqual([
			['t1', ['teacher'], ['admin']],
			['c1', ['coach', 'teacher'], ['admin', 'coach']]
		]);
	});

	it('deactivates rostered members a bulk file leaves out, never those invited by hand', () => {
		const handInvited = member('hand', ['teacher'], { rosterSourcedId: null });
		const plan = planRoster(
			bundle([person('t1', ['teacher'])]),
			context([boss, handInvited, member('t1', ['teacher']), member('gone', ['teacher'])])
		);
		expect(plan.deactivate.map((p) => p.userId)).toEqual(['gone']);
		const delta = planRoster(
			bundle([person('t1', ['teacher'], { active: false })], 'delta'),
			context([boss, member('t1', ['teacher']), member('gone', ['teacher'])])
		);
		expect(delta.deactivate.map((p) => p.userId)).toEqual(['t1']);
	});

	it('reactivates a rostered member who comes back, and links a hand-invited member by email', () => {
		const plan = planRoster(
			bundle([person('t1', ['teacher']), person('sis-9', ['teacher'], { email: 'hand@riverside.example' })]),
			context([
				boss,
				member('t1', ['teacher'], { active: false }),
				member('hand', ['teacher'], { rosterSourcedId: null })
			])
		);
		expect(plan.reactivate.map((p) => p.userId)).toEqual(['t1']);
		expect(plan.link).toEqual([{ userId: 'hand', sourcedId: 'sis-9', name: 'hand' }]);
		expect(plan.add).toEqual([]);
	});

	it('holds back what would demote or deactivate the admin running it, or the last admin', () => {
		const rosteredBoss = member('boss', ['admin', 'coach']);
		const demoted = planRoster(bundle([person('boss', ['teacher'])]), context([rosteredBoss]));
		expect(demoted.held).toEqual([
			{
				userId: 'boss',
				sourcedId: 'boss',
				name: 'boss',
				reason: 'the roster would take away your own admin role'
			}
		]);
		expect(demoted.roleChanges).toEqual([]);
		const lastAdmin = member('principal', ['admin']);
		const gone = planRoster(bundle([]), context([lastAdmin], { actorId: 'api-token-owner' }));
		expect(gone.held.map((h) => h.reason)).toEqual(['the workspace would have no admin left']);
		expect(gone.deactivate).toEqual([]);
	});

	it('refuses a row whose email belongs to a member rostered under another sourcedId', () => {
		const plan = planRoster(
			bundle([
				person('new-id', ['teacher'], { email: 't1@riverside.example', line: 7 }),
				person('t1', ['teacher'], { email: 'other@riverside.example' })
			]),
			context([boss, member('t1', ['teacher'])])
		);
		expect(plan.problems).toEqual([
			{ file: 'users.csv', line: 7, reason: 'email belongs to a member rostered under another sourcedId' }
		]);
	});
});
