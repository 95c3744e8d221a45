// The privacy model (docs/design.md §4) as a matrix: every actor × resource × action against a hand-written oracle.
import { describe, expect, it } from 'vitest';
import { can, canSee, type Actor, type Membership, type Resource } from '../../src/lib/domain/permissions.ts';
import type { Role } from '../../src/lib/domain/roles.ts';

const WS = 'ws-riverside';
const OTHER_WS = 'ws-elsewhere';

function actor(userId: string, memberships: Record<string, { roles: Role[]; active?: boolean }>): Actor {
	return {
		userId,
		memberships: new Map(
			Object.entries(memberships).map(([id, m]) => [
				id,
				{ roles: m.roles, active: m.active ?? true } satisfies Membership
			])
		)
	};
}

const actors = {
	coach: actor('coach', { [WS]: { roles: ['coach'] } }),
	teacher: actor('teacher', { [WS]: { roles: ['teacher'] } }),
	otherTeacher: actor('other-teacher', { [WS]: { roles: ['teacher'] } }),
	otherCoach: actor('other-coach', { [WS]: { roles: ['coach'] } }),
	plcMember: actor('plc-member', { [WS]: { roles: ['teacher'] } }),
	sharedReader: actor('principal', { [WS]: { roles: ['admin'] } }),
	sharedCommenter: actor('mentor', { [WS]: { roles: ['teacher'] } }),
	admin: actor('admin', { [WS]: { roles: ['admin'] } }),
	adminCoach: actor('admin-coach', { [WS]: { roles: ['admin', 'coach'] } }),
	otherWorkspaceAdmin: actor('foreign-admin', { [OTHER_WS]: { roles: ['admin', 'coach', 'teacher'] } }),
	deactivatedTeacher: actor('teacher', { [WS]: { roles: ['teacher'], active: false } }),
	anonymous: null
} satisfies Record<string, Actor | null>;
type ActorName = keyof typeof actors;

const cycleOwner = { kind: 'cycle', coachId: 'coach', teacherId: 'teacher' } as const;
const resources = {
	workspace: { type: 'workspace', workspaceId: WS },
	cycle: { type: 'cycle', workspaceId: WS, coachId: 'coach', teacherId: 'teacher' },
	plc: { type: 'plc', workspaceId: WS, memberIds: ['plc-member', 'coach'], facilitatorId: 'plc-member' },
	goal: {
		type: 'document',
		workspaceId: WS,
		owner: cycleOwner,
		shares: [
			{ userId: 'principal', access: 'read' },
			{ userId: 'mentor', access: 'comment' }
		]
	},
	privateNote: { type: 'document', workspaceId: WS, owner: cycleOwner, shares: [] },
	// The coach's half of a debrief before the teacher opens it, and after.
	sealedCoachNotes: {
		type: 'document',
		workspaceId: WS,
		owner: { ...cycleOwner, sealedFromTeacher: true },
		shares: []
	},
	openedCoachNotes: {
		type: 'document',
		workspaceId: WS,
		owner: { ...cycleOwner, sealedFromTeacher: false },
		shares: []
	},
	plcDocument: {
		type: 'document',
		workspaceId: WS,
		owner: { kind: 'plc', memberIds: ['plc-member', 'coach'] },
		shares: []
	},
	workspaceDocument: { type: 'document', workspaceId: WS, owner: { kind: 'workspace' }, shares: [] }
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof resources;

const sameWorkspace: ActorName[] = [
	'coach',
	'teacher',
	'otherTeacher',
	'otherCoach',
	'plcMember',
	'sharedReader',
	'sharedCommenter',
	'admin',
	'adminCoach'
];

// The oracle: for each resource and action, exactly who is allowed. Everyone else is refused.
const oracle: Record<ResourceName, Record<string, ActorName[]>> = {
	workspace: {
		view: sameWorkspace,
		create_document: sameWorkspace,
		manage_members: ['sharedReader', 'admin', 'adminCoach'],
		invite: ['sharedReader', 'admin', 'adminCoach'],
		view_cycle_metadata: ['sharedReader', 'admin', 'adminCoach'],
		create_cycle: [
			'coach',
			'teacher',
			'otherTeacher',
			'otherCoach',
			'plcMember',
			'sharedCommenter',
			'adminCoach'
		],
		create_plc: ['coach', 'otherCoach', 'sharedReader', 'admin', 'adminCoach'],
		start_cycle_as_coach: ['coach', 'otherCoach', 'adminCoach'],
		keep_coaching_log: ['coach', 'otherCoach', 'adminCoach'],
		request_coaching: ['teacher', 'otherTeacher', 'plcMember', 'sharedCommenter'],
		manage_settings: ['sharedReader', 'admin', 'adminCoach']
	},
	cycle: {
		view: ['coach', 'teacher', 'sharedReader', 'admin', 'adminCoach'],
		read_content: ['coach', 'teacher'],
		update: ['coach', 'teacher'],
		create_document: ['coach', 'teacher'],
		answer_request: ['coach']
	},
	plc: {
		view: ['coach', 'plcMember', 'otherCoach', 'sharedReader', 'admin', 'adminCoach'],
		read_content: ['coach', 'plcMember'],
		// Who is in the group: its facilitator or an admin decides; a coach never adds themselves (issue 13).
		manage: ['plcMember', 'sharedReader', 'admin', 'adminCoach'],
		create_document: ['coach', 'plcMember']
	},
	goal: {
		read: ['coach', 'teacher', 'sharedReader', 'sharedCommenter'],
		export: ['coach', 'teacher', 'sharedReader', 'sharedCommenter'],
		comment: ['coach', 'teacher', 'sharedCommenter'],
		write: ['coach', 'teacher'],
		manage: ['coach', 'teacher'],
		share: ['teacher'],
		delete: ['teacher'],
		view_ledger: ['teacher'],
		reveal: []
	},
	privateNote: {
		read: ['coach', 'teacher'],
		export: ['coach', 'teacher'],
		comment: ['coach', 'teacher'],
		write: ['coach', 'teacher'],
		manage: ['coach', 'teacher'],
		share: ['teacher'],
		delete: ['teacher'],
		view_ledger: ['teacher'],
		reveal: []
	},
	sealedCoachNotes: {
		read: ['coach'],
		export: ['coach'],
		comment: ['coach'],
		write: ['coach'],
		manage: ['coach'],
		share: [],
		delete: [],
		view_ledger: [],
		reveal: ['teacher']
	},
	openedCoachNotes: {
		read: ['coach', 'teacher'],
		export: ['coach', 'teacher'],
		comment: ['coach', 'teacher'],
		write: ['coach', 'teacher'],
		manage: ['coach', 'teacher'],
		share: ['teacher'],
		delete: ['teacher'],
		view_ledger: ['teacher'],
		reveal: []
	},
	plcDocument: {
		read: ['coach', 'plcMember'],
		export: ['coach', 'plcMember'],
		comment: ['coach', 'plcMember'],
		write: ['coach', 'plcMember'],
		manage: ['coach', 'plcMember'],
		delete: ['coach', 'plcMember'],
		share: [],
		view_ledger: [],
		reveal: []
	},
	workspaceDocument: {
		read: sameWorkspace,
		export: sameWorkspace,
		comment: sameWorkspace,
		write: sameWorkspace,
		manage: sameWorkspace,
		delete: sameWorkspace,
		share: [],
		view_ledger: [],
		reveal: []
	}
};

const cases = (Object.keys(oracle) as ResourceName[]).flatMap((resourceName) =>
	Object.entries(oracle[resourceName]).flatMap(([action, allowed]) =>
		(Object.keys(actors) as ActorName[]).map((actorName) => ({
			resourceName,
			action,
			actorName,
			expected: allowed.includes(actorName)
		}))
	)
);

describe('can(): roles × resources × actions', () => {
	it('covers the whole matrix', () => {
		expect(cases.length).toBeGreaterThan(400);
	});

	it.each(cases)(
		'$actorName $action $resourceName → $expected',
		({ resourceName, action, actorName, expected }) => {
			const decision = can(actors[actorName], action as never, resources[resourceName]);
			expect(decision).toBe(expected);
		}
	);
});

describe('canSee(): refusals that must look like missing resources', () => {
	it.each(Object.keys(resources) as ResourceName[])(
		'%s is invisible to outsiders, visible to members',
		(name) => {
			expect(canSee(actors.otherWorkspaceAdmin, resources[name])).toBe(false);
			expect(canSee(actors.anonymous, resources[name])).toBe(false);
			expect(canSee(actors.deactivatedTeacher, resources[name])).toBe(false);
			expect(canSee(actors.otherTeacher, resources[name])).toBe(true);
		}
	);

	it('ends a coach’s access to their cycles once the coach role is gone', () => {
		const former = actor('coach', { [WS]: { roles: ['teacher'] } });
		expect(can(former, 'view', resources.cycle)).toBe(false);
		expect(can(former, 'read_content', resources.cycle)).toBe(false);
		expect(can(former, 'answer_request', resources.cycle)).toBe(false);
		expect(can(former, 'read', resources.goal)).toBe(false);
		expect(can(former, 'read', resources.privateNote)).toBe(false);
		// The teacher's side of the same cycle is unchanged.
		expect(can(actors.teacher, 'read', resources.goal)).toBe(true);
	});

	it('does not let a facilitator who left the group manage it', () => {
		const gone = { ...resources.plc, memberIds: ['coach'] };
		expect(can(actors.plcMember, 'manage', gone)).toBe(false);
	});

	it('never lets an admin read a cycle document that was not shared with them', () => {
		expect(can(actors.admin, 'read', resources.privateNote)).toBe(false);
		expect(can(actors.admin, 'view', resources.cycle)).toBe(true);
	});
});
