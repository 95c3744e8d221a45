// Roster imports (issue 17 §2): an admin previews a OneRoster bundle, then applies it; the JSON API can do
// both in one call for a nightly job. Every upload is kept in the workspace's import history.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { CloseCode } from '../../domain/close-codes.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { normalizeRoles } from '../../domain/roles.ts';
import { isId } from '../../domain/validation/ids.ts';
import type { Db } from '../db/client.ts';
import { memberships, rosterImports, users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { CollaborationControl } from '../runtime.ts';
import { setMemberActive } from '../workspaces/workspaces.ts';
import { readBundle } from './bundle.ts';
import { INSERT_BATCH, MAX_PROBLEMS_LISTED } from './limits.ts';
import { planRoster, summarize, type CurrentMember, type RosterPlan, type RosterSummary } from './plan.ts';

export type RosterChannel = 'page' | 'api';

export interface RosterImportRecord {
	id: string;
	status: 'previewed' | 'applied';
	channel: RosterChannel;
	requestedBy: string | null;
	requestedByName: string | null;
	fileSha256: string;
	summary: RosterSummary;
	problems: RosterPlan['problems'];
	createdAt: string;
	appliedAt: string | null;
}

export interface RosterPreview {
	importId: string;
	plan: RosterPlan;
}

function assertAdmin(actor: Actor, workspaceId: string): void {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin imports a roster.');
}

/** The coach choices a form or the API sent: sourcedIds, bounded and deduplicated. */
export function parseCoachChoices(raw: unknown): Set<string> {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	return new Set(
		list
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.trim())
			.filter((v) => v.length > 0 && v.length <= 256)
			.slice(0, 100_000)
	);
}

async function currentMembers(db: Db, workspaceId: string): Promise<CurrentMember[]> {
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			roles: memberships.roles,
			active: memberships.active,
			rosterSourcedId: memberships.rosterSourcedId
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.workspaceId, workspaceId));
	return rows.map((r) => ({ ...r, roles: normalizeRoles(r.roles) }));
}

async function accountsByEmail(db: Db, emails: string[]): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	for (let i = 0; i < emails.length; i += INSERT_BATCH) {
		const rows = await db
			.select({ id: users.id, email: users.email })
			.from(users)
			.where(inArray(users.email, emails.slice(i, i + INSERT_BATCH)));
		for (const row of rows) found.set(row.email, row.id);
	}
	return found;
}

async function plan(
	db: Db,
	actor: Actor,
	workspaceId: string,
	zip: Uint8Array,
	coachSourcedIds: ReadonlySet<string>
): Promise<RosterPlan> {
	const bundle = readBundle(zip);
	const members = await currentMembers(db, workspaceId);
	const inWorkspace = new Set(members.map((m) => m.email.toLowerCase()));
	const outside = bundle.people.map((p) => p.email).filter((e) => !inWorkspace.has(e));
	return planRoster(bundle, {
		members,
		accountsByEmail: await accountsByEmail(db, outside),
		coachSourcedIds,
		actorId: actor.userId
	});
}

function fingerprint(zip: Uint8Array): string {
	return encodeHexLowerCase(sha256(zip));
}

function stored(plan: RosterPlan) {
	return { ...summarize(plan), problemRows: plan.problems.slice(0, MAX_PROBLEMS_LISTED) };
}

/** Reads the bundle and says what it would change; nothing changes. The bundle is kept for applying. */
export async function previewRoster(
	db: Db,
	actor: Actor,
	workspaceId: string,
	zip: Uint8Array,
	options: { channel: RosterChannel; coachSourcedIds?: ReadonlySet<string> }
): Promise<RosterPreview> {
	assertAdmin(actor, workspaceId);
	const result = await plan(db, actor, workspaceId, zip, options.coachSourcedIds ?? new Set());
	const importId = newId();
	// A new preview replaces any waiting one: an old bundle is not kept about.
	await db
		.update(rosterImports)
		.set({ bundle: null })
		.where(and(eq(rosterImports.workspaceId, workspaceId), eq(rosterImports.status, 'previewed')));
	await db.insert(rosterImports).values({
		id: importId,
		workspaceId,
		requestedBy: actor.userId,
		channel: options.channel,
		status: 'previewed',
		fileSha256: fingerprint(zip),
		summary: stored(result),
		bundle: zip
	});
	return { importId, plan: result };
}

/** Applies a previewed import, planned afresh against the workspace as it is now. */
export async function applyPreviewedRoster(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	workspaceId: string,
	importId: unknown,
	coachSourcedIds: ReadonlySet<string>
): Promise<{ importId: string; plan: RosterPlan }> {
	assertAdmin(actor, workspaceId);
	const [row] = isId(importId)
		? await db
				.select()
				.from(rosterImports)
				.where(and(eq(rosterImports.id, importId), eq(rosterImports.workspaceId, workspaceId)))
		: [];
	if (!row) throw notFound('That roster preview');
	if (row.status !== 'previewed' || !row.bundle)
		throw new AppError(
			'conflict',
			'That preview was applied or replaced by a newer one. Upload the file again to see what it would change now.'
		);
	const result = await plan(db, actor, workspaceId, row.bundle, coachSourcedIds);
	await carryOut(db, collaboration, workspaceId, result);
	await db
		.update(rosterImports)
		.set({ status: 'applied', summary: stored(result), bundle: null, appliedAt: new Date() })
		.where(eq(rosterImports.id, row.id));
	return { importId: row.id, plan: result };
}

/** The JSON API's nightly import: plan and apply in one call, kept in the history like the page's. */
export async function importRoster(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	workspaceId: string,
	zip: Uint8Array,
	options: { channel: RosterChannel; coachSourcedIds?: ReadonlySet<string> }
): Promise<{ importId: string; plan: RosterPlan }> {
	assertAdmin(actor, workspaceId);
	const result = await plan(db, actor, workspaceId, zip, options.coachSourcedIds ?? new Set());
	await carryOut(db, collaboration, workspaceId, result);
	const importId = newId();
	await db.insert(rosterImports).values({
		id: importId,
		workspaceId,
		requestedBy: actor.userId,
		channel: options.channel,
		status: 'applied',
		fileSha256: fingerprint(zip),
		summary: stored(result),
		appliedAt: new Date()
	});
	return { importId, plan: result };
}

async function carryOut(
	db: Db,
	collaboration: CollaborationControl,
	workspaceId: string,
	plan: RosterPlan
): Promise<void> {
	if (plan.add.length > 0 || plan.link.length > 0) {
		await db.transaction(async (tx) => {
			const fresh = plan.add.filter((a) => !a.existingUserId).map((a) => ({ ...a, id: newId() }));
			for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
				// Rostered people have no password: they sign in with their district account or a reset link.
				await tx.insert(users).values(
					fresh.slice(i, i + INSERT_BATCH).map((a) => ({
						id: a.id,
						email: a.email,
						name: a.name,
						passwordHash: '!'
					}))
				);
			}
			const ids = new Map(fresh.map((a) => [a.sourcedId, a.id]));
			const rows = plan.add.map((a) => ({
				workspaceId,
				userId: a.existingUserId ?? (ids.get(a.sourcedId) as string),
				roles: a.roles,
				rosterSourcedId: a.sourcedId
			}));
			for (let i = 0; i < rows.length; i += INSERT_BATCH)
				await tx.insert(memberships).values(rows.slice(i, i + INSERT_BATCH));
			for (const link of plan.link)
				await tx
					.update(memberships)
					.set({ rosterSourcedId: link.sourcedId })
					.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, link.userId)));
		});
	}
	for (const change of plan.roleChanges) {
		await db
			.update(memberships)
			.set({ roles: change.to })
			.where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, change.userId)));
		// As on the members page: their open documents here check access again (4205).
		collaboration.closeUserWorkspaceConnections(change.userId, workspaceId, CloseCode.AuthorizationChanged);
	}
	for (const person of plan.reactivate)
		await setMemberActive(db, collaboration, workspaceId, person.userId, true);
	// The members page's own deactivation: sockets close, sessions end where they work nowhere else, and
	// their cycles and documents stay where they are, with the teachers who own them.
	for (const person of plan.deactivate)
		await setMemberActive(db, collaboration, workspaceId, person.userId, false);
}

/** The workspace's import history, newest first, for its admins. */
export async function listRosterImports(
	db: Db,
	actor: Actor,
	workspaceId: string,
	limit = 50
): Promise<RosterImportRecord[]> {
	assertAdmin(actor, workspaceId);
	const rows = await db
		.select({
			id: rosterImports.id,
			status: rosterImports.status,
			channel: rosterImports.channel,
			requestedBy: rosterImports.requestedBy,
			requestedByName: users.name,
			fileSha256: rosterImports.fileSha256,
			summary: rosterImports.summary,
			createdAt: rosterImports.createdAt,
			appliedAt: rosterImports.appliedAt
		})
		.from(rosterImports)
		.leftJoin(users, eq(users.id, rosterImports.requestedBy))
		.where(eq(rosterImports.workspaceId, workspaceId))
		.orderBy(desc(rosterImports.createdAt))
		.limit(limit);
	return rows.map((r) => {
		const { problemRows, ...summary } = r.summary as RosterSummary & { problemRows: RosterPlan['problems'] };
		return {
			id: r.id,
			status: r.status as RosterImportRecord['status'],
			channel: r.channel as RosterChannel,
			requestedBy: r.requestedBy,
			requestedByName: r.requestedByName,
			fileSha256: r.fileSha256,
			summary,
			problems: problemRows,
			createdAt: r.createdAt.toISOString(),
			appliedAt: r.appliedAt?.toISOString() ?? null
		};
	});
}
