// Released snapshots (issue #6): a teacher freezes chosen documents for one named reader — "share my goal
// and its progress with my principal". The live documents go on privately; the copies never change.
import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import * as Y from 'yjs';
import { exportDocument, type ExportedDocument } from '../../domain/document-export.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { isId } from '../../domain/validation/ids.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { newRelease } from '../../domain/validation/releases.ts';
import { loadDocumentFacts } from '../access.ts';
import type { Db } from '../db/client.ts';
import { memberships, releaseDocuments, releases, users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { recordLedger, type LedgerChannel } from '../ledger/ledger.ts';
import type { CollaborationControl } from '../runtime.ts';

export type ReleaseRow = typeof releases.$inferSelect;

export function releaseResource(release: ReleaseRow) {
	return {
		type: 'release',
		workspaceId: release.workspaceId,
		teacherId: release.teacherId,
		recipientId: release.recipientId,
		revoked: release.revokedAt !== null
	} as const;
}

/** Freezes the documents as they are now (everything acknowledged) and names their one reader. */
export async function createRelease(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	input: { documentIds?: unknown; recipientId?: unknown; note?: unknown },
	channel: LedgerChannel = 'api'
): Promise<ReleaseRow> {
	const { documentIds, recipientId, note } = parseInput(newRelease, input);
	const facts = await Promise.all(documentIds.map((id) => loadDocumentFacts(db, id)));
	const workspaceIds = new Set(facts.map((f) => f?.document.workspaceId));
	// A release is the teacher's to make, document by document: the same rule as sharing.
	for (const fact of facts) {
		if (!fact || !can(actor, 'read', fact.resource)) throw notFound('That document');
		if (!can(actor, 'share', fact.resource))
			throw new AppError('forbidden', 'Only the cycle’s teacher releases its documents.');
	}
	if (workspaceIds.size !== 1) throw invalid('Release documents of one workspace at a time.');
	const workspaceId = [...workspaceIds][0] as string;
	const [recipient] = await db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.workspaceId, workspaceId),
				eq(memberships.userId, recipientId),
				eq(memberships.active, true)
			)
		);
	if (!recipient || recipientId === actor.userId)
		throw invalid('Release to another active member of this workspace.', { recipientId: 'Choose a person.' });
	const frozen = await Promise.all(
		facts.map(async (fact, position) => {
			const document = fact!.document;
			const state = await collaboration.currentState(document.id);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, state);
			const exported = exportDocument(doc, { title: document.title, kind: document.kind });
			doc.destroy();
			return {
				documentId: document.id,
				kind: document.kind,
				title: document.title,
				state,
				plainText: exported.markdown,
				position
			};
		})
	);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(releases)
			.values({ id: newId(), workspaceId, teacherId: actor.userId, recipientId, note })
			.returning();
		const release = row as ReleaseRow;
		await tx.insert(releaseDocuments).values(frozen.map((f) => ({ ...f, releaseId: release.id })));
		await recordLedger(
			tx,
			frozen.map((f) => ({
				workspaceId,
				actorId: actor.userId,
				documentId: f.documentId,
				action: 'release' as const,
				channel,
				decision: 'allowed' as const,
				detail: { releaseId: release.id, recipientId }
			}))
		);
		return release;
	});
}

export async function findRelease(db: Db, releaseId: string): Promise<ReleaseRow | null> {
	const [row] = await db.select().from(releases).where(eq(releases.id, releaseId));
	return row ?? null;
}

/** A release as its reader sees it; anyone else (and the reader after revocation) gets "not found". */
export async function requireRelease(
	db: Db,
	actor: Actor,
	releaseId: string,
	channel: LedgerChannel
): Promise<ReleaseRow> {
	const release = isId(releaseId) ? await findRelease(db, releaseId) : null;
	if (!release) throw notFound('That release');
	const allowed = can(actor, 'view', releaseResource(release));
	// The reader's every look is in the teacher's ledger; so is a refused one.
	if (actor.userId !== release.teacherId) {
		const docs = await db
			.select({ documentId: releaseDocuments.documentId })
			.from(releaseDocuments)
			.where(eq(releaseDocuments.releaseId, release.id));
		await recordLedger(
			db,
			docs.map((d) => ({
				workspaceId: release.workspaceId,
				actorId: actor.userId,
				documentId: d.documentId,
				action: 'read' as const,
				channel,
				decision: allowed ? ('allowed' as const) : ('denied' as const),
				detail: { releaseId: release.id }
			}))
		);
	}
	if (!allowed) throw notFound('That release');
	return release;
}

export interface ReleaseJson {
	id: string;
	teacher: { id: string; name: string };
	recipient: { id: string; name: string };
	note: string;
	createdAt: string;
	revoked: boolean;
	documents: (Pick<ExportedDocument, 'title' | 'kind' | 'markdown' | 'goal' | 'actionSteps'> & {
		id: string;
	})[];
}

export async function releaseJson(db: Db, release: ReleaseRow, withContent = true): Promise<ReleaseJson> {
	const [people, docs] = await Promise.all([
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(inArray(users.id, [release.teacherId, release.recipientId])),
		db
			.select()
			.from(releaseDocuments)
			.where(eq(releaseDocuments.releaseId, release.id))
			.orderBy(asc(releaseDocuments.position))
	]);
	const person = (id: string) => people.find((p) => p.id === id) ?? { id, name: 'A former member' };
	return {
		id: release.id,
		teacher: person(release.teacherId),
		recipient: person(release.recipientId),
		note: release.note,
		createdAt: release.createdAt.toISOString(),
		revoked: release.revokedAt !== null,
		documents: docs.map((d) => {
			if (!withContent)
				return { id: d.documentId, title: d.title, kind: d.kind, markdown: '', goal: null, actionSteps: [] };
			// The frozen state, read the same way as the live document would be.
			const doc = new Y.Doc();
			Y.applyUpdate(doc, d.state);
			const exported = exportDocument(doc, { title: d.title, kind: d.kind }, (id) => person(id).name);
			doc.destroy();
			return {
				id: d.documentId,
				title: d.title,
				kind: d.kind,
				markdown: exported.markdown,
				goal: exported.goal,
				actionSteps: exported.actionSteps
			};
		})
	};
}

export async function revokeRelease(
	db: Db,
	actor: Actor,
	release: ReleaseRow,
	channel: LedgerChannel = 'api'
): Promise<void> {
	if (!can(actor, 'revoke', releaseResource(release)))
		throw new AppError('forbidden', 'Only the teacher who released it can revoke it.');
	if (release.revokedAt) return;
	await db.transaction(async (tx) => {
		await tx.update(releases).set({ revokedAt: new Date() }).where(eq(releases.id, release.id));
		const docs = await tx
			.select({ documentId: releaseDocuments.documentId })
			.from(releaseDocuments)
			.where(eq(releaseDocuments.releaseId, release.id));
		await recordLedger(
			tx,
			docs.map((d) => ({
				workspaceId: release.workspaceId,
				actorId: actor.userId,
				documentId: d.documentId,
				action: 'release_revoke' as const,
				channel,
				decision: 'allowed' as const,
				detail: { releaseId: release.id }
			}))
		);
	});
}

/** Releases I made, and releases made to me that still stand, newest first. */
export async function listReleases(db: Db, actor: Actor, workspaceId: string) {
	const rows = await db
		.select()
		.from(releases)
		.where(
			and(
				eq(releases.workspaceId, workspaceId),
				or(
					eq(releases.teacherId, actor.userId),
					and(eq(releases.recipientId, actor.userId), isNull(releases.revokedAt))
				)
			)
		)
		.orderBy(desc(releases.createdAt));
	return Promise.all(rows.map((row) => releaseJson(db, row, false)));
}
