// PLC groups: a name, a facilitator and members, and a space of documents every member co-edits live
// (issue #6). Coaches and admins manage the groups; members work in them.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { actionStepStatus, type ActionStepStatus } from '../../domain/action-steps.ts';
import { CloseCode } from '../../domain/close-codes.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import {
	present,
	shapeClasses,
	type FieldClass,
	type Presented
} from '../../domain/content-classification.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import { actionSteps, documents, plcGroups, plcMembers, users } from '../db/schema.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { newPlc, plcMembership, plcPatch } from '../../domain/validation/plcs.ts';
import { newId } from '../ids.ts';
import { ledgerForPlc, recordLedger, type LedgerChannel, type LedgerEntry } from '../ledger/ledger.ts';
import { assertActiveMembers } from '../workspaces/workspaces.ts';
import type { CollaborationControl } from '../runtime.ts';

export type PlcRow = typeof plcGroups.$inferSelect;

export interface PlcMemberJson {
	id: string;
	name: string;
	/** They added themselves (an admin joining the group): the group is told so. */
	selfAdded: boolean;
}

interface FullPlcJson {
	id: string;
	workspaceId: string;
	name: string;
	description: string;
	facilitator: PlcMemberJson | null;
	members: PlcMemberJson[];
	/** Only for members: the group's documents are theirs. */
	documents: { id: string; kind: string; title: string; template: string | null; updatedAt: string }[];
	archived: boolean;
}
shapeClasses.plc satisfies Record<keyof FullPlcJson, FieldClass>;

/** A group as its reader may see it: stewards who are not members get its name and people, not its words. */
export type PlcJson = Presented<FullPlcJson, 'plc'>;

export function plcResource(
	plc: Pick<PlcRow, 'workspaceId' | 'facilitatorId'>,
	memberIds: readonly string[]
) {
	return {
		type: 'plc',
		workspaceId: plc.workspaceId,
		memberIds,
		facilitatorId: plc.facilitatorId
	} as const;
}

/** One audit row per member added or removed, so the group sees who changed its audience, and when. */
function membershipEntries(
	plc: PlcRow,
	actor: Actor,
	change: 'plc_member_add' | 'plc_member_remove',
	userIds: readonly string[],
	channel: LedgerChannel,
	founding = false
): LedgerEntry[] {
	return userIds.map((userId) => ({
		workspaceId: plc.workspaceId,
		actorId: actor.userId,
		documentId: null,
		plcId: plc.id,
		action: change,
		channel,
		decision: 'allowed',
		detail: founding ? { userId, founding: 'true' } : ({ userId } as Record<string, string>)
	}));
}

export async function memberIdsOf(db: Db, plcId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: plcMembers.userId })
		.from(plcMembers)
		.where(eq(plcMembers.plcId, plcId));
	return rows.map((r) => r.userId);
}

export async function createPlc(
	db: Db,
	actor: Actor,
	workspaceId: string,
	input: { name?: unknown; description?: unknown; facilitatorId?: unknown; memberIds?: unknown },
	channel: LedgerChannel = 'api'
): Promise<PlcRow> {
	if (!can(actor, 'create_plc', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Coaches and admins set up PLC groups.');
	const parsed = parseInput(newPlc, input);
	const { name, description } = parsed;
	const listed = parsed.memberIds;
	// A coach who sets up a group they are in facilitates it unless they name someone else: someone must
	// be able to manage its members besides an admin.
	const facilitatorId = parsed.facilitatorId ?? (listed.includes(actor.userId) ? actor.userId : null);
	// The facilitator is always in the group.
	const memberIds = [...new Set([...listed, ...(facilitatorId ? [facilitatorId] : [])])];
	await assertActiveMembers(db, workspaceId, memberIds, 'memberIds');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(plcGroups)
			.values({ id: newId(), workspaceId, name, description, facilitatorId })
			.returning();
		const plc = row as PlcRow;
		if (memberIds.length > 0) {
			// Whoever sets a group up and puts themselves in it is a founding member, not a steward who
			// joined someone else's group: their row names nobody as having added them.
			await tx.insert(plcMembers).values(
				memberIds.map((userId) => ({
					plcId: plc.id,
					userId,
					addedBy: userId === actor.userId ? null : actor.userId
				}))
			);
			await recordLedger(tx, membershipEntries(plc, actor, 'plc_member_add', memberIds, channel, true));
		}
		return plc;
	});
}

export async function requirePlc(
	db: Db,
	actor: Actor,
	plcId: string
): Promise<{ plc: PlcRow; memberIds: string[] }> {
	const [plc] = isId(plcId) ? await db.select().from(plcGroups).where(eq(plcGroups.id, plcId)) : [];
	if (!plc) throw notFound('That PLC group');
	const memberIds = await memberIdsOf(db, plc.id);
	if (!can(actor, 'view', plcResource(plc, memberIds))) throw notFound('That PLC group');
	return { plc, memberIds };
}

export async function updatePlc(
	db: Db,
	actor: Actor,
	plc: PlcRow,
	memberIds: string[],
	input: { name?: unknown; description?: unknown; facilitatorId?: unknown; archived?: unknown }
): Promise<PlcRow> {
	if (!can(actor, 'manage', plcResource(plc, memberIds)))
		throw new AppError('forbidden', 'The group’s facilitator and admins manage a PLC group.');
	const { name, description, facilitatorId, archived } = parseInput(plcPatch, input);
	if (facilitatorId && !memberIds.includes(facilitatorId))
		throw invalid('The facilitator is one of the group’s members.', { facilitatorId: 'Not a member.' });
	const changes = {
		...(name !== undefined ? { name } : {}),
		...(description !== undefined ? { description } : {}),
		...(facilitatorId !== undefined ? { facilitatorId } : {}),
		...(archived !== undefined ? { archivedAt: archived ? new Date() : null } : {})
	};
	// An empty patch changes nothing (an UPDATE with nothing to set is not SQL).
	if (Object.keys(changes).length === 0) return plc;
	const [row] = await db.update(plcGroups).set(changes).where(eq(plcGroups.id, plc.id)).returning();
	return row as PlcRow;
}

/** Replaces the group's members; whoever left is closed out of the group's documents at once (4205). */
export async function setMembers(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	plc: PlcRow,
	currentIds: string[],
	rawIds: unknown,
	channel: LedgerChannel = 'api'
): Promise<{ memberIds: string[]; removed: string[] }> {
	// Who is in a group decides who reads its documents: its facilitator or an admin decides (issue 13).
	if (!can(actor, 'manage', plcResource(plc, currentIds)))
		throw new AppError('forbidden', 'The group’s facilitator or an admin changes who is in it.');
	const wanted = parseInput(plcMembership, { memberIds: rawIds }).memberIds;
	if (plc.facilitatorId && !wanted.includes(plc.facilitatorId))
		throw invalid('Choose another facilitator before removing this one.', {
			memberIds: 'The facilitator stays.'
		});
	await assertActiveMembers(db, plc.workspaceId, wanted, 'memberIds');
	const removed = currentIds.filter((id) => !wanted.includes(id));
	const added = wanted.filter((id) => !currentIds.includes(id));
	await db.transaction(async (tx) => {
		if (removed.length > 0)
			await tx
				.delete(plcMembers)
				.where(and(eq(plcMembers.plcId, plc.id), inArray(plcMembers.userId, removed)));
		if (added.length > 0)
			await tx
				.insert(plcMembers)
				.values(added.map((userId) => ({ plcId: plc.id, userId, addedBy: actor.userId })));
		await recordLedger(tx, [
			...membershipEntries(plc, actor, 'plc_member_add', added, channel),
			...membershipEntries(plc, actor, 'plc_member_remove', removed, channel)
		]);
	});
	// Whoever left loses the group's documents now, open editors included.
	if (removed.length > 0) {
		for (const doc of await plcDocuments(db, plc.id))
			for (const userId of removed)
				collaboration.closeUserConnections(userId, CloseCode.AuthorizationChanged, doc.id);
	}
	return { memberIds: wanted, removed };
}

export async function plcDocuments(db: Db, plcId: string) {
	return db
		.select()
		.from(documents)
		.where(and(eq(documents.plcId, plcId), isNull(documents.archivedAt)))
		.orderBy(desc(documents.updatedAt));
}

export async function plcsJson(db: Db, actor: Actor, rows: PlcRow[]): Promise<PlcJson[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [members, docs] = await Promise.all([
		db
			.select({ plcId: plcMembers.plcId, id: users.id, name: users.name, addedBy: plcMembers.addedBy })
			.from(plcMembers)
			.innerJoin(users, eq(users.id, plcMembers.userId))
			.where(inArray(plcMembers.plcId, ids))
			.orderBy(asc(users.name)),
		db
			.select()
			.from(documents)
			.where(and(inArray(documents.plcId, ids), isNull(documents.archivedAt)))
			.orderBy(desc(documents.updatedAt))
	]);
	return rows.map((plc) => {
		const people = members
			.filter((m) => m.plcId === plc.id)
			.map(({ id, name, addedBy }) => ({ id, name, selfAdded: addedBy === id }));
		// The group's documents share one audience: the members (docs/design.md §4). Stewards who are not members
		// learn that the group exists and who is in it, not what it writes.
		const readsContent = can(
			actor,
			'read_content',
			plcResource(
				plc,
				people.map((p) => p.id)
			)
		);
		const full: FullPlcJson = {
			id: plc.id,
			workspaceId: plc.workspaceId,
			name: plc.name,
			description: plc.description,
			facilitator: people.find((p) => p.id === plc.facilitatorId) ?? null,
			members: people,
			documents: readsContent
				? docs
						.filter((d) => d.plcId === plc.id)
						.map((d) => ({
							id: d.id,
							kind: d.kind,
							title: d.title,
							template: d.template,
							updatedAt: d.updatedAt.toISOString()
						}))
				: [],
			archived: plc.archivedAt !== null
		};
		return present('plc', full, readsContent);
	});
}

export interface PlcMembershipChange {
	userId: string;
	name: string;
	byId: string | null;
	byName: string;
	change: 'added' | 'removed';
	selfAdded: boolean;
	/** Added when the group was set up. */
	founding: boolean;
	at: string;
}

/**
 * For the group's members: who joined and left, and by whose hand, and every read of the group's documents
 * by a steward (a non-member, or an admin who added themselves). Nobody else gets it.
 */
export async function plcRecordFor(db: Db, actor: Actor, plc: PlcRow, memberIds: readonly string[]) {
	if (!can(actor, 'read_content', plcResource(plc, memberIds))) return null;
	const rows = await ledgerForPlc(db, plc.workspaceId, plc.id);
	const membershipHistory: PlcMembershipChange[] = rows
		.filter((r) => r.documentId === null && r.subject !== null)
		.map((r) => ({
			userId: r.subject!.id,
			name: r.subject!.name,
			byId: r.actorId,
			byName: r.actorName,
			change: r.action === 'plc_member_remove' ? 'removed' : 'added',
			selfAdded: r.selfAdded,
			founding: r.founding,
			at: r.at
		}));
	const ledger = rows
		.filter((r) => r.documentId !== null)
		.map(({ actorId, actorName, documentId, action, channel, decision, at }) => ({
			actorId,
			actorName,
			documentId: documentId as string,
			action,
			channel,
			decision,
			at
		}));
	return { membershipHistory, ledger };
}

/** Members see their groups; coaches and admins see every group of the workspace. */
export async function listPlcs(
	db: Db,
	actor: Actor,
	workspaceId: string,
	options: { archived?: boolean } = {}
) {
	const rows = await db
		.select()
		.from(plcGroups)
		.where(
			and(eq(plcGroups.workspaceId, workspaceId), options.archived ? undefined : isNull(plcGroups.archivedAt))
		)
		.orderBy(asc(plcGroups.name));
	const memberRows =
		rows.length > 0
			? await db
					.select()
					.from(plcMembers)
					.where(
						inArray(
							plcMembers.plcId,
							rows.map((r) => r.id)
						)
					)
			: [];
	const visible = rows.filter((plc) =>
		can(
			actor,
			'view',
			plcResource(
				plc,
				memberRows.filter((m) => m.plcId === plc.id).map((m) => m.userId)
			)
		)
	);
	return plcsJson(db, actor, visible);
}

export interface TeamActionStep {
	id: string;
	documentId: string;
	documentTitle: string;
	text: string;
	owner: { id: string; name: string } | null;
	due: string | null;
	done: boolean;
	status: ActionStepStatus;
}

/**
 * The group's open team action steps, as derived from its documents at their last store. They are the
 * documents' content: callers ask can() first (members only).
 */
export async function teamActionSteps(db: Db, plcId: string, today: string): Promise<TeamActionStep[]> {
	const rows = await db
		.select({ step: actionSteps, title: documents.title, ownerName: users.name })
		.from(actionSteps)
		.innerJoin(documents, eq(documents.id, actionSteps.documentId))
		.leftJoin(users, eq(users.id, actionSteps.ownerId))
		.where(and(eq(actionSteps.plcId, plcId), eq(actionSteps.done, false), isNull(documents.archivedAt)))
		.orderBy(asc(actionSteps.due), asc(actionSteps.position));
	return rows.map(({ step, title, ownerName }) => ({
		id: step.stepId,
		documentId: step.documentId,
		documentTitle: title,
		text: step.text,
		owner: step.ownerId && ownerName ? { id: step.ownerId, name: ownerName } : null,
		due: step.due,
		done: step.done,
		status: actionStepStatus(
			{
				id: step.stepId,
				text: step.text,
				ownerId: step.ownerId,
				due: step.due,
				done: step.done,
				position: step.position
			},
			today
		)
	}));
}

/** What a PLC document's page shows around the text: the group and its members (possible step owners). */
export async function plcContextFor(
	db: Db,
	document: { plcId: string | null }
): Promise<{ id: string; name: string; members: { id: string; name: string }[] } | null> {
	if (!document.plcId) return null;
	const [plc] = await db.select().from(plcGroups).where(eq(plcGroups.id, document.plcId));
	if (!plc) return null;
	const members = await db
		.select({ id: users.id, name: users.name })
		.from(plcMembers)
		.innerJoin(users, eq(users.id, plcMembers.userId))
		.where(eq(plcMembers.plcId, plc.id))
		.orderBy(asc(users.name));
	return { id: plc.id, name: plc.name, members };
}
