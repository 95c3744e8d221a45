// The access ledger (issue #6): an append-only record of every read of a cycle document by someone other
// than its teacher and coach, and of every share, revoke, release, deletion and refused attempt. The
// teacher reads it for their own documents. The table refuses UPDATE, DELETE and TRUNCATE (migration 0003).
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor, DocumentAction, Resource } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import { auditLog, memberships, users } from '../db/schema.ts';

// 'media': a lesson video's bytes, poster or strip (issue 18); one row per look, not per range request.
export const LEDGER_CHANNELS = ['page', 'form', 'api', 'socket', 'export', 'release', 'media'] as const;
export type LedgerChannel = (typeof LEDGER_CHANNELS)[number];

export type LedgerAction =
	| DocumentAction
	| 'release'
	| 'release_revoke'
	| 'share_revoke'
	| 'delete_person'
	| 'plc_member_add'
	| 'plc_member_remove';

type DocumentResource = Extract<Resource, { type: 'document' }>;

export interface LedgerEntry {
	workspaceId: string;
	actorId: string | null;
	/** Null only for a PLC's membership changes, which name the group instead. */
	documentId: string | null;
	/** The PLC whose document was read, or whose members changed: its members see these rows. */
	plcId?: string;
	action: LedgerAction;
	channel: LedgerChannel;
	decision: 'allowed' | 'denied';
	/** Ids only (a release, a share's reader): never content, so deletion leaves nothing behind here. */
	detail?: Record<string, string>;
}

/** Only cycle documents are the teacher's private coaching; their two participants are not "others". */
export function isParticipant(actorId: string | null, resource: DocumentResource): boolean {
	const owner = resource.owner;
	return (
		owner.kind === 'cycle' && actorId !== null && (actorId === owner.teacherId || actorId === owner.coachId)
	);
}

/**
 * Whose reads of a PLC document its members should know of: anyone but a member the group chose, that is a
 * non-member, or a steward who added themselves.
 */
function isChosenMember(actorId: string | null, resource: DocumentResource): boolean {
	const owner = resource.owner;
	return (
		owner.kind === 'plc' &&
		actorId !== null &&
		owner.memberIds.includes(actorId) &&
		!(owner.selfAddedIds ?? []).includes(actorId)
	);
}

/**
 * What the ledger keeps of an access decision: reads by others, and every refusal, of cycle documents
 * (the teacher's ledger) and of PLC documents (the group's ledger, issue 13).
 */
export function ledgerEntryFor(
	actor: Actor | null,
	resource: DocumentResource,
	documentId: string,
	action: DocumentAction,
	channel: LedgerChannel,
	allowed: boolean
): LedgerEntry | null {
	const owner = resource.owner;
	if (owner.kind === 'workspace') return null;
	const actorId = actor?.userId ?? null;
	if (allowed && (isParticipant(actorId, resource) || isChosenMember(actorId, resource))) return null;
	const member = actor?.memberships.get(resource.workspaceId)?.active === true;
	return {
		workspaceId: resource.workspaceId,
		actorId,
		documentId,
		...(owner.kind === 'plc' && owner.plcId ? { plcId: owner.plcId } : {}),
		action,
		channel,
		decision: allowed ? 'allowed' : 'denied',
		...(actor && !member ? { detail: { outsider: 'true' } } : {})
	};
}

/**
 * The same look by the same person through the same channel within this window is one entry: a reload, or
 * the service worker keeping a page for offline use, is not a second reading.
 */
export const LEDGER_REPEAT_WINDOW_MS = 60_000;

async function seenJustNow(db: Db, entry: LedgerEntry): Promise<boolean> {
	if (entry.action !== 'read' && entry.decision !== 'denied') return false;
	const [row] = await db
		.select({ id: auditLog.id })
		.from(auditLog)
		.where(
			and(
				entry.documentId === null ? isNull(auditLog.documentId) : eq(auditLog.documentId, entry.documentId),
				entry.actorId === null ? isNull(auditLog.actorId) : eq(auditLog.actorId, entry.actorId),
				eq(auditLog.action, entry.action),
				eq(auditLog.channel, entry.channel),
				eq(auditLog.decision, entry.decision),
				entry.detail
					? sql`${auditLog.detail} = ${JSON.stringify(entry.detail)}::jsonb`
					: isNull(auditLog.detail),
				gt(auditLog.at, new Date(Date.now() - LEDGER_REPEAT_WINDOW_MS))
			)
		)
		.limit(1);
	return row !== undefined;
}

export async function recordLedger(db: Db, entries: LedgerEntry | LedgerEntry[] | null): Promise<void> {
	const all = Array.isArray(entries) ? entries : entries ? [entries] : [];
	const fresh: LedgerEntry[] = [];
	// The same look twice in one batch is one entry too (the queue gathers many requests' entries).
	const inBatch = new Set<string>();
	for (const entry of all) {
		const key = repeatKey(entry);
		if (key !== null && inBatch.has(key)) continue;
		if (await seenJustNow(db, entry)) continue;
		if (key !== null) inBatch.add(key);
		fresh.push(entry);
	}
	const rows = fresh.map((entry) => ({
		workspaceId: entry.workspaceId,
		actorId: entry.actorId,
		documentId: entry.documentId,
		plcId: entry.plcId ?? null,
		action: entry.action,
		channel: entry.channel,
		decision: entry.decision,
		detail: entry.detail ?? null
	}));
	if (rows.length > 0) await db.insert(auditLog).values(rows);
}

/** What makes two entries "the same look" (seenJustNow's columns); null for entries that always count. */
function repeatKey(entry: LedgerEntry): string | null {
	if (entry.action !== 'read' && entry.decision !== 'denied') return null;
	return JSON.stringify([
		entry.documentId,
		entry.actorId,
		entry.action,
		entry.channel,
		entry.decision,
		entry.detail ?? null
	]);
}

export interface LedgerRowJson {
	actorId: string | null;
	actorName: string;
	action: string;
	channel: string;
	decision: string;
	at: string;
	/** Whom a share, unshare or release was about, when they are of this workspace. */
	subject: { id: string; name: string } | null;
	/** The access a share granted. */
	access: string | null;
	/** The read was of a released snapshot, not of the live document. */
	viaRelease: boolean;
}

/** The ledger of some documents, oldest first, with names for people of this workspace only. */
export async function ledgerFor(
	db: Db,
	workspaceId: string,
	documentIds: string[]
): Promise<LedgerRowJson[]> {
	if (documentIds.length === 0) return [];
	const rows = await db
		.select({ entry: auditLog, name: users.name })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(inArray(auditLog.documentId, documentIds))
		.orderBy(asc(auditLog.at), asc(auditLog.id));
	const subjectIds = [
		...new Set(
			rows.flatMap(({ entry }) => {
				const detail = (entry.detail ?? {}) as Record<string, string>;
				const id = detail.userId ?? detail.recipientId;
				return id ? [id] : [];
			})
		)
	];
	const subjects =
		subjectIds.length > 0
			? await db
					.select({ id: users.id, name: users.name })
					.from(memberships)
					.innerJoin(users, eq(users.id, memberships.userId))
					.where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, subjectIds)))
			: [];
	const subjectById = new Map(subjects.map((s) => [s.id, s]));
	return rows.map(({ entry, name }) => {
		const detail = (entry.detail ?? {}) as Record<string, string>;
		// Someone of another school, or nobody signed in: the teacher learns that, not who.
		const outsider = detail.outsider === 'true';
		const subjectId = detail.userId ?? detail.recipientId;
		return {
			actorId: outsider || entry.workspaceId !== workspaceId ? null : entry.actorId,
			actorName: actorName(entry.actorId, name, outsider),
			action: entry.action,
			channel: entry.channel,
			decision: entry.decision,
			at: entry.at.toISOString(),
			subject: subjectId ? (subjectById.get(subjectId) ?? null) : null,
			access: detail.access ?? null,
			viaRelease: entry.action === 'read' && detail.releaseId !== undefined
		};
	});
}

/** How a ledger row names who acted: someone of another school, or nobody signed in, is told as such, not by name. */
function actorName(actorId: string | null, name: string | null, outsider: boolean): string {
	if (actorId === null) return 'Someone not signed in';
	if (outsider) return 'Someone outside this workspace';
	return name ?? 'A former member';
}

export async function ledgerForDocument(db: Db, workspaceId: string, documentId: string) {
	return ledgerFor(db, workspaceId, [documentId]);
}

export interface PlcLedgerRowJson {
	actorId: string | null;
	actorName: string;
	/** The document read, or null for a change of the group's members. */
	documentId: string | null;
	action: string;
	channel: string;
	decision: string;
	at: string;
	/** Whom a membership change was about. */
	subject: { id: string; name: string } | null;
	/** The person added themselves (an admin joining): the group sees it said plainly. */
	selfAdded: boolean;
	/** The membership was set when the group was set up. */
	founding: boolean;
}

/** A PLC's ledger, oldest first: its membership changes, and reads of its documents by stewards. */
export async function ledgerForPlc(db: Db, workspaceId: string, plcId: string): Promise<PlcLedgerRowJson[]> {
	const rows = await db
		.select({ entry: auditLog, name: users.name })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(and(eq(auditLog.plcId, plcId), eq(auditLog.workspaceId, workspaceId)))
		.orderBy(asc(auditLog.at), asc(auditLog.id));
	const subjectIds = [
		...new Set(rows.flatMap(({ entry }) => ((entry.detail ?? {}) as Record<string, string>).userId ?? []))
	];
	const subjects =
		subjectIds.length > 0
			? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, subjectIds))
			: [];
	const subjectById = new Map(subjects.map((s) => [s.id, s]));
	return rows.map(({ entry, name }) => {
		const detail = (entry.detail ?? {}) as Record<string, string>;
		const outsider = detail.outsider === 'true';
		return {
			actorId: outsider ? null : entry.actorId,
			actorName: actorName(entry.actorId, name, outsider),
			documentId: entry.documentId,
			action: entry.action,
			channel: entry.channel,
			decision: entry.decision,
			at: entry.at.toISOString(),
			subject: detail.userId ? (subjectById.get(detail.userId) ?? null) : null,
			selfAdded:
				entry.action === 'plc_member_add' && detail.userId === entry.actorId && detail.founding !== 'true',
			founding: detail.founding === 'true'
		};
	});
}
