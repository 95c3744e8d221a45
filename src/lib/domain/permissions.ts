// The one place that decides who may do what (docs/design.md §4). Pure: callers load the facts, this decides.
// Pages, form actions, the JSON API and the collaboration socket all ask `can()`.
//
// A `false` for a resource in another workspace must be presented as "not found" (404 / 4403), never as
// "forbidden", so that nobody learns that the resource exists. `canSee()` tells callers which is which.
import type { Role } from './roles.ts';

export interface Membership {
	roles: readonly Role[];
	active: boolean;
}

/** Who is asking. `null` is an anonymous visitor. */
export interface Actor {
	userId: string;
	memberships: ReadonlyMap<string, Membership>;
}

export type ShareAccess = 'read' | 'comment';

export interface DocumentShare {
	userId: string;
	access: ShareAccess;
}

/** Where a document belongs; this decides its audience. */
export type DocumentOwner =
	| {
			kind: 'cycle';
			coachId: string;
			teacherId: string;
			/**
			 * The coach's half of a debrief that the teacher has not chosen to open yet (docs/design.md §4): the coach
			 * alone reads it until then.
			 */
			sealedFromTeacher?: boolean;
	  }
	| {
			kind: 'plc';
			plcId?: string;
			memberIds: readonly string[];
			/** Members who added themselves (a steward joining): their reads go in the group's ledger. */
			selfAddedIds?: readonly string[];
	  }
	| { kind: 'workspace' };

export type Resource =
	| { type: 'workspace'; workspaceId: string }
	| { type: 'cycle'; workspaceId: string; coachId: string; teacherId: string }
	| {
			type: 'plc';
			workspaceId: string;
			memberIds: readonly string[];
			facilitatorId?: string | null;
	  }
	| {
			type: 'document';
			workspaceId: string;
			owner: DocumentOwner;
			shares: readonly DocumentShare[];
	  }
	/** A teacher's frozen release of documents to one named reader. */
	| { type: 'release'; workspaceId: string; teacherId: string; recipientId: string; revoked: boolean };

export type WorkspaceAction =
	| 'view'
	| 'manage_members'
	| 'invite'
	| 'view_cycle_metadata'
	| 'create_cycle'
	| 'start_cycle_as_coach'
	| 'request_coaching'
	| 'keep_coaching_log'
	| 'manage_settings'
	| 'create_plc'
	| 'create_document';
export type CycleAction = 'view' | 'read_content' | 'update' | 'create_document' | 'answer_request';
export type PlcAction = 'view' | 'read_content' | 'manage' | 'create_document';
export type DocumentAction =
	'read' | 'comment' | 'write' | 'manage' | 'share' | 'delete' | 'export' | 'view_ledger' | 'reveal';

export type ReleaseAction = 'view' | 'revoke';

export type ActionFor<R extends Resource> = R extends { type: 'workspace' }
	? WorkspaceAction
	: R extends { type: 'cycle' }
		? CycleAction
		: R extends { type: 'plc' }
			? PlcAction
			: R extends { type: 'release' }
				? ReleaseAction
				: DocumentAction;

export function can<R extends Resource>(actor: Actor | null, action: ActionFor<R>, resource: R): boolean {
	if (!actor) return false;
	const membership = actor.memberships.get(resource.workspaceId);
	// Deactivated members and outsiders get nothing, whatever else holds.
	if (!membership?.active) return false;
	const roles = membership.roles;
	switch (resource.type) {
		case 'workspace':
			return canInWorkspace(roles, action as WorkspaceAction);
		case 'cycle':
			return canOnCycle(actor.userId, roles, action as CycleAction, resource);
		case 'plc':
			return canOnPlc(actor.userId, roles, action as PlcAction, resource);
		case 'document':
			return canOnDocument(actor.userId, roles, action as DocumentAction, resource);
		case 'release':
			return canOnRelease(actor.userId, action as ReleaseAction, resource);
	}
}

function canOnRelease(
	userId: string,
	action: ReleaseAction,
	release: Extract<Resource, { type: 'release' }>
): boolean {
	switch (action) {
		// The named reader, until the teacher revokes it; the teacher always sees what they released.
		case 'view':
			return userId === release.teacherId || (userId === release.recipientId && !release.revoked);
		case 'revoke':
			return userId === release.teacherId;
	}
}

/**
 * Whether a refusal may be told as "forbidden" rather than "not found": only for resources of a workspace
 * the actor is an active member of. Everything else does not exist for them.
 */
export function canSee(actor: Actor | null, resource: Resource): boolean {
	return can(actor, 'view', { type: 'workspace', workspaceId: resource.workspaceId });
}

/**
 * The facts a query compares with to select, in SQL, the documents and cycles an actor may read (search),
 * instead of asking `can()` row by row after the fact. It states `can()`'s read rules as a query must
 * apply them (src/lib/server/search/readable.ts):
 *
 * - a cycle document: its teacher unless it is sealed from them, its coach while `readsAsCoach`, and the
 *   people it is shared with;
 * - a PLC document: the group's members, and the people it is shared with;
 * - a workspace document: everyone active in the workspace;
 * - a cycle's own content (`read_content`): its teacher, and its coach while `readsAsCoach`.
 *
 * Null when the actor may read nothing there (outside the workspace, or deactivated). The search tests hold
 * the query to `can()` for every person and document of a school (tests/integration/search-permissions.test.ts).
 */
export interface ReadScope {
	userId: string;
	/** Whether they hold the coach role here: a cycle's coach reads it only while they do (isCoachOf). */
	readsAsCoach: boolean;
}

export function readScope(actor: Actor | null, workspaceId: string): ReadScope | null {
	if (!actor) return null;
	const membership = actor.memberships.get(workspaceId);
	if (!membership?.active) return null;
	return { userId: actor.userId, readsAsCoach: membership.roles.includes('coach') };
}

function canInWorkspace(roles: readonly Role[], action: WorkspaceAction): boolean {
	const admin = roles.includes('admin');
	const coach = roles.includes('coach');
	switch (action) {
		case 'view':
		case 'create_document':
			return true;
		case 'manage_members':
		case 'invite':
		case 'view_cycle_metadata':
		case 'manage_settings':
			return admin;
		case 'create_cycle':
			return coach || roles.includes('teacher');
		case 'start_cycle_as_coach':
		case 'keep_coaching_log':
			return coach;
		case 'request_coaching':
			return roles.includes('teacher');
		case 'create_plc':
			return admin || coach;
	}
}

function canOnCycle(
	userId: string,
	roles: readonly Role[],
	action: CycleAction,
	cycle: Extract<Resource, { type: 'cycle' }>
): boolean {
	const coach = isCoachOf(userId, roles, cycle.coachId);
	const participant = coach || userId === cycle.teacherId;
	switch (action) {
		// Admins see that a cycle exists and its stage (metadata), never what is written in it.
		case 'view':
			return participant || roles.includes('admin');
		// What the pair wrote (title, focus, stage and closing notes, activities' titles and places):
		// the pair's alone. Presenters ask this through the content classification.
		case 'read_content':
		case 'update':
		case 'create_document':
			return participant;
		// A teacher's request for coaching is the named coach's to answer.
		case 'answer_request':
			return coach;
	}
}

/**
 * The cycle's coach is its coach only while they hold the coach role here: losing it ends their access to
 * the cycle's content at once (issue 13), as being replaced as the cycle's coach does.
 */
function isCoachOf(userId: string, roles: readonly Role[], coachId: string): boolean {
	return userId === coachId && roles.includes('coach');
}

function canOnPlc(
	userId: string,
	roles: readonly Role[],
	action: PlcAction,
	plc: Extract<Resource, { type: 'plc' }>
): boolean {
	const member = plc.memberIds.includes(userId);
	const admin = roles.includes('admin');
	const steward = admin || roles.includes('coach');
	switch (action) {
		// Stewards see that a group exists, its name and its people; what it writes is its members'.
		case 'view':
			return member || steward;
		case 'read_content':
		case 'create_document':
			return member;
		// Who is in a group decides who reads its documents: its facilitator or an admin decides, never a
		// coach adding themselves to someone else's group (issue 13). Every change is recorded.
		case 'manage':
			return admin || (plc.facilitatorId != null && userId === plc.facilitatorId && member);
	}
}

function canOnDocument(
	userId: string,
	roles: readonly Role[],
	action: DocumentAction,
	document: Extract<Resource, { type: 'document' }>
): boolean {
	const owner = document.owner;
	const share = document.shares.find((s) => s.userId === userId);
	switch (owner.kind) {
		case 'cycle': {
			const sealed = owner.sealedFromTeacher === true;
			// A sealed document is the coach's alone; the teacher may only choose to open it.
			const teacher = userId === owner.teacherId && !sealed;
			const participant = teacher || isCoachOf(userId, roles, owner.coachId);
			switch (action) {
				case 'reveal':
					return sealed && userId === owner.teacherId;
				case 'read':
				case 'export':
					return participant || share !== undefined;
				case 'comment':
					return participant || share?.access === 'comment';
				case 'write':
				case 'manage':
					return participant;
				// The teacher decides who else reads their coaching content, and may delete it.
				case 'share':
				case 'delete':
				case 'view_ledger':
					return teacher;
			}
			break;
		}
		case 'plc': {
			const member = owner.memberIds.includes(userId);
			switch (action) {
				case 'read':
				case 'export':
					return member || share !== undefined;
				case 'comment':
					return member || share?.access === 'comment';
				case 'write':
				case 'manage':
				case 'delete':
					return member;
				case 'share':
				case 'view_ledger':
				case 'reveal':
					return false;
			}
			break;
		}
		case 'workspace':
			// A workspace document is the school's shared space: every active member works in it.
			return action !== 'share' && action !== 'view_ledger' && action !== 'reveal';
	}
}
