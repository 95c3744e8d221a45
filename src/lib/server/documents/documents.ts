// Document metadata: create, list, rename, archive. Content lives in Yjs state (state-store.ts).
import { and, eq, inArray, isNull, isNotNull } from 'drizzle-orm';
import type { DocumentKind } from '../../domain/documents.ts';
import { invalid } from '../../domain/errors.ts';
import { can, type Actor, type DocumentOwner, type DocumentShare } from '../../domain/permissions.ts';
import { documentKind, documentTemplate, documentTitle } from '../../domain/validation/documents.ts';
import { parseField } from '../../domain/validation/parse.ts';
import { cycleOwner, plcOwner } from '../access.ts';
import type { Db } from '../db/client.ts';
import {
	coachingCycles,
	documentShares,
	documentSnapshots,
	documents,
	plcMembers,
	users
} from '../db/schema.ts';
import { newId } from '../ids.ts';
import { defaultTemplateFor, documentTemplates, type DocumentTemplate } from '../../domain/templates.ts';
import { indexNewDocument, indexTitle } from '../search/search-index.ts';
import { buildDocumentState, type Block } from './content.ts';

export type DocumentRow = typeof documents.$inferSelect;

/** The public JSON shape of a document (docs/design.md §6). */
export interface DocumentJson {
	id: string;
	kind: string;
	title: string;
	cycleId: string | null;
	plcId: string | null;
	workspaceId: string;
	updatedAt: string;
	updatedBy: { id: string; name: string } | null;
	archived: boolean;
	/** The template it started from (`lesson_plan`, `debrief`, `plc_agenda`, …), or null. */
	template: string | null;
}

export function parseTitle(raw: unknown): string {
	return parseField('title', documentTitle, raw);
}

export function parseKind(raw: unknown): DocumentKind {
	return parseField('kind', documentKind, raw);
}

/** A named template that fits the kind, or the kind's own default when none is named. */
export function parseTemplate(raw: unknown, kind: DocumentKind): DocumentTemplate | null {
	if (raw === undefined || raw === null || raw === '') return defaultTemplateFor(kind);
	const template = documentTemplate.safeParse(raw);
	// The coach's sealed notes come only with a debrief, never on their own.
	if (!template.success || template.data === 'coach_notes' || documentTemplates[template.data].kind !== kind)
		throw invalid(`Choose a template for a ${kind} document.`, { template: 'Unknown template.' });
	return template.data;
}

export async function createDocument(
	db: Db,
	input: {
		workspaceId: string;
		cycleId?: string | null;
		plcId?: string | null;
		kind: DocumentKind;
		title: string;
		createdBy: string;
		/** Seeds the body; by default the kind's own template (a goal starts as a goal). */
		template?: DocumentTemplate | null;
		/** A body built for this document (an observation's look-fors), instead of a template. */
		blocks?: Block[];
		audience?: 'cycle' | 'coach';
		companionOf?: string | null;
		sourceDocumentId?: string | null;
	}
): Promise<DocumentRow> {
	const id = newId();
	const template = input.template === undefined ? defaultTemplateFor(input.kind) : input.template;
	const state = buildDocumentState(
		input.kind,
		input.blocks ?? (template ? documentTemplates[template].blocks : []),
		template ? documentTemplates[template].seed : undefined
	);
	// Inside a caller's transaction this nests as a savepoint (drizzle), so it composes.
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(documents)
			.values({
				id,
				workspaceId: input.workspaceId,
				cycleId: input.cycleId ?? null,
				plcId: input.plcId ?? null,
				kind: input.kind,
				title: input.title,
				createdBy: input.createdBy,
				updatedBy: input.createdBy,
				template,
				audience: input.audience ?? 'cycle',
				companionOf: input.companionOf ?? null,
				sourceDocumentId: input.sourceDocumentId ?? null
			})
			.returning();
		// Seeded once, server-side: clients never seed content, or it would double (nextcloud/text#5470).
		await tx
			.insert(documentSnapshots)
			.values({ documentId: id, state, throughSeq: 0, byteSize: state.byteLength });
		// Found by its title and its template's words from the start, not only after its first store.
		await indexNewDocument(tx, id, input.title, state);
		return row as DocumentRow;
	});
}

export async function documentJson(db: Db, row: DocumentRow): Promise<DocumentJson> {
	const [editor] = row.updatedBy
		? await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.updatedBy))
		: [];
	return toJson(row, editor ?? null);
}

function toJson(row: DocumentRow, editor: { id: string; name: string } | null): DocumentJson {
	return {
		id: row.id,
		kind: row.kind,
		title: row.title,
		cycleId: row.cycleId,
		plcId: row.plcId,
		workspaceId: row.workspaceId,
		updatedAt: row.updatedAt.toISOString(),
		updatedBy: editor,
		archived: row.archivedAt !== null,
		template: row.template
	};
}

/** A list entry: the document and whether this actor may rename and archive it (decided by can()). */
export interface ListedDocument extends DocumentJson {
	canManage: boolean;
}

/** The documents of a workspace this actor may read, newest first, with who edited each last. */
export async function listReadableDocuments(
	db: Db,
	actor: Actor,
	workspaceId: string,
	options: { archived?: boolean } = {}
): Promise<ListedDocument[]> {
	const rows = await db
		.select()
		.from(documents)
		.where(
			and(
				eq(documents.workspaceId, workspaceId),
				options.archived ? isNotNull(documents.archivedAt) : isNull(documents.archivedAt)
			)
		);
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	// Only what these rows refer to: their PLCs' members and their last editors, never whole tables.
	const plcIds = [...new Set(rows.flatMap((r) => (r.plcId ? [r.plcId] : [])))];
	const editorIds = [...new Set(rows.flatMap((r) => (r.updatedBy ? [r.updatedBy] : [])))];
	const [cycles, members, shares, editors] = await Promise.all([
		db
			.select({ id: coachingCycles.id, coachId: coachingCycles.coachId, teacherId: coachingCycles.teacherId })
			.from(coachingCycles)
			.where(eq(coachingCycles.workspaceId, workspaceId)),
		plcIds.length > 0 ? db.select().from(plcMembers).where(inArray(plcMembers.plcId, plcIds)) : [],
		db.select().from(documentShares).where(inArray(documentShares.documentId, ids)),
		editorIds.length > 0
			? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, editorIds))
			: []
	]);
	const cycleById = new Map(cycles.map((c) => [c.id, c]));
	const editorById = new Map(editors.map((e) => [e.id, e]));
	const listed: ListedDocument[] = [];
	for (const row of rows) {
		let owner: DocumentOwner | null;
		if (row.cycleId) {
			const cycle = cycleById.get(row.cycleId);
			owner = cycle ? cycleOwner(row, cycle) : null;
		} else if (row.plcId) {
			owner = plcOwner(
				row.plcId,
				members.filter((m) => m.plcId === row.plcId)
			);
		} else {
			owner = { kind: 'workspace' };
		}
		if (!owner) continue;
		const docShares: DocumentShare[] = shares
			.filter((s) => s.documentId === row.id)
			.map((s) => ({ userId: s.userId, access: s.access === 'comment' ? 'comment' : 'read' }));
		const resource = { type: 'document', workspaceId, owner, shares: docShares } as const;
		if (!can(actor, 'read', resource)) continue;
		const editor = row.updatedBy ? (editorById.get(row.updatedBy) ?? null) : null;
		listed.push({ ...toJson(row, editor), canManage: can(actor, 'manage', resource) });
	}
	return listed.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function renameDocument(db: Db, documentId: string, title: string): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.update(documents).set({ title }).where(eq(documents.id, documentId));
		await indexTitle(tx, documentId, title);
	});
}

export async function setDocumentArchived(db: Db, documentId: string, archived: boolean): Promise<void> {
	await db
		.update(documents)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(documents.id, documentId));
}
