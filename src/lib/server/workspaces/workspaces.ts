// Workspaces (a school or district) and the people in them.
import { dateKeyInZone } from '../../domain/activities.ts';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import { normalizeRoles, type Role } from '../../domain/roles.ts';
import { invalidateAllSessions } from '../auth/sessions.ts';
import { workspaceName } from '../../domain/validation/accounts.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseField } from '../../domain/validation/parse.ts';
import type { Db } from '../db/client.ts';
import { memberships, users, workspaces } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { CollaborationControl } from '../runtime.ts';

export interface WorkspaceSummary {
	id: string;
	name: string;
	roles: Role[];
	/** The school's IANA time zone, for "today", weeks and due dates. */
	timeZone: string;
}

export interface Member {
	userId: string;
	name: string;
	email: string;
	roles: Role[];
	active: boolean;
}

export function parseWorkspaceName(raw: unknown): string {
	return parseField('workspace', workspaceName, raw);
}

/** The creator becomes the workspace's admin and a coach (issue 2 §5). */
export async function createWorkspace(
	db: Db,
	userId: string,
	rawName: string
): Promise<{ id: string; name: string }> {
	const name = parseWorkspaceName(rawName);
	const id = newId();
	await db.transaction(async (tx) => {
		await tx.insert(workspaces).values({ id, name });
		await tx.insert(memberships).values({ workspaceId: id, userId, roles: ['admin', 'coach'] });
	});
	return { id, name };
}

/** The workspaces a person may enter (active memberships only). */
export async function listWorkspacesFor(db: Db, userId: string): Promise<WorkspaceSummary[]> {
	const rows = await db
		.select({
			id: workspaces.id,
			name: workspaces.name,
			timeZone: workspaces.timeZone,
			roles: memberships.roles
		})
		.from(memberships)
		.innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
		.where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
		.orderBy(asc(workspaces.name));
	return rows.map((r) => ({ ...r, roles: normalizeRoles(r.roles) }));
}

export async function getWorkspace(db: Db, workspaceId: string) {
	const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
	return workspace ?? null;
}

export async function listMembers(db: Db, workspaceId: string): Promise<Member[]> {
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			roles: memberships.roles,
			active: memberships.active
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.workspaceId, workspaceId))
		.orderBy(asc(users.name));
	return rows.map((r) => ({ ...r, roles: normalizeRoles(r.roles) }));
}

async function activeAdminCount(db: Db, workspaceId: string, except: string): Promise<number> {
	const members = await listMembers(db, workspaceId);
	return members.filter((m) => m.active && m.roles.includes('admin') && m.userId !== except).length;
}

/** New roles for a member; their open documents here re-check access on reconnect (4205). */
export async function changeRoles(
	db: Db,
	collaboration: CollaborationControl,
	workspaceId: string,
	userId: string,
	rawRoles: readonly string[]
) {
	const roles = normalizeRoles(rawRoles);
	if (roles.length === 0)
		throw invalid('A member needs at least one role.', { roles: 'Choose at least one role.' });
	const [membership] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	if (!membership) throw notFound('That member');
	if (!roles.includes('admin') && (await activeAdminCount(db, workspaceId, userId)) === 0) {
		throw new AppError('conflict', 'A workspace needs at least one admin.');
	}
	await db
		.update(memberships)
		.set({ roles })
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	collaboration.closeUserWorkspaceConnections(userId, workspaceId, CloseCode.AuthorizationChanged);
	return roles;
}

/**
 * Deactivates (or reactivates) a membership. Access here ends now, not when a session would expire: their
 * sockets on this workspace's documents close. A person active in no other workspace is signed out too; one
 * who works in another school keeps their session and their sockets there.
 */
export async function setMemberActive(
	db: Db,
	collaboration: CollaborationControl,
	workspaceId: string,
	userId: string,
	active: boolean
): Promise<{ signedOut: boolean }> {
	const [membership] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	if (!membership) throw notFound('That member');
	if (
		!active &&
		membership.roles.includes('admin') &&
		(await activeAdminCount(db, workspaceId, userId)) === 0
	) {
		throw new AppError('conflict', 'A workspace needs at least one active admin.');
	}
	await db
		.update(memberships)
		.set({ active })
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	if (active) return { signedOut: false };
	collaboration.closeUserWorkspaceConnections(userId, workspaceId, CloseCode.AuthorizationChanged);
	const elsewhere = await db
		.select({ workspaceId: memberships.workspaceId })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.active, true),
				ne(memberships.workspaceId, workspaceId)
			)
		);
	if (elsewhere.length > 0) return { signedOut: false };
	for (const sessionId of await invalidateAllSessions(db, userId))
		collaboration.closeSessionConnections(sessionId, CloseCode.NotAuthenticated);
	return { signedOut: true };
}

/** Adds a membership, or merges roles into an existing one and reactivates it. */
export async function addMembership(db: Db, workspaceId: string, userId: string, roles: Role[]) {
	const [existing] = await db
		.select()
		.from(memberships)
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
	if (!existing) {
		await db.insert(memberships).values({ workspaceId, userId, roles: normalizeRoles(roles) });
		return;
	}
	await db
		.update(memberships)
		.set({ roles: normalizeRoles([...existing.roles, ...roles]), active: true })
		.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

/** Whether the runtime knows this IANA zone name (a typo would silently shift every week). */
export function isTimeZone(value: unknown): value is string {
	if (typeof value !== 'string' || value.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

export async function setWorkspaceTimeZone(db: Db, workspaceId: string, timeZone: unknown): Promise<void> {
	if (!isTimeZone(timeZone))
		throw invalid('Choose a time zone such as America/Chicago.', { timeZone: 'Unknown time zone.' });
	await db.update(workspaces).set({ timeZone }).where(eq(workspaces.id, workspaceId));
}

/** The workspace's clock: now, in the school's time zone. */
export async function workspaceClock(db: Db, workspaceId: string, now = new Date()) {
	const workspace = await getWorkspace(db, workspaceId);
	const timeZone = workspace?.timeZone ?? 'UTC';
	return { now, timeZone, today: dateKeyInZone(now, timeZone) };
}

/** Names of a workspace's members by id, for showing who owns what in exports. */
export async function memberNames(db: Db, workspaceId: string): Promise<Map<string, string>> {
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.workspaceId, workspaceId));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every id is an active member of the workspace, or the input is refused naming `field`. */
export async function assertActiveMembers(
	db: Db,
	workspaceId: string,
	userIds: string[],
	field: string
): Promise<void> {
	if (userIds.length === 0) return;
	if (!userIds.every(isId))
		throw invalid('Choose active members of this workspace.', { [field]: 'Not an id.' });
	const rows = await db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.workspaceId, workspaceId),
				inArray(memberships.userId, userIds),
				eq(memberships.active, true)
			)
		);
	if (rows.length !== new Set(userIds).size)
		throw invalid('Choose active members of this workspace.', { [field]: 'Unknown person.' });
}
