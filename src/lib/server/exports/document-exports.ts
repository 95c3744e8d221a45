// Exports of documents, one or a whole cycle's: the document's content read from its current state, its
// header facts, and the tree Markdown and PDF are made from. Authorization is the caller's (authorizeDocument
// for one document, cycleExport below for a cycle), always through can().
import { and, asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { readDocumentContent, type DocumentContent } from '../../domain/document-content.ts';
import { documentKindLabels, isDocumentKind } from '../../domain/documents.ts';
import { notFound } from '../../domain/errors.ts';
import type { BodyNode } from '../../domain/document-content.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { isId } from '../../domain/validation/ids.ts';
import { exportTree, type ExportContext, type ExportFacts } from '../../format/export/export-tree.ts';
import { toMarkdown } from '../../format/export/markdown.ts';
import { loadDocumentFacts, type DocumentFacts } from '../access.ts';
import { cycleResource, readsCycleContent } from '../cycles/cycles.ts';
import type { Db } from '../db/client.ts';
import { coachingCycles, documents, plcGroups } from '../db/schema.ts';
import { ledgerEntryFor, type LedgerEntry } from '../ledger/ledger.ts';
import type { CollaborationControl } from '../runtime.ts';
import { memberNames, workspaceClock } from '../workspaces/workspaces.ts';

export type DocumentRow = typeof documents.$inferSelect;

export interface DocumentExport {
	document: DocumentRow;
	facts: ExportFacts;
	content: DocumentContent;
	tree: BodyNode;
	markdown: string;
}

/** What every export of one workspace shares: its people's names and its clock. */
export interface ExportSetting {
	context: ExportContext;
	now: Date;
}

export async function exportSetting(db: Db, workspaceId: string, now = new Date()): Promise<ExportSetting> {
	const [names, clock] = await Promise.all([
		memberNames(db, workspaceId),
		workspaceClock(db, workspaceId, now)
	]);
	return { context: { people: Object.fromEntries(names), timeZone: clock.timeZone }, now };
}

/** Who the document belongs to, as its header says it; a cycle's title only for those who read the cycle. */
async function ownerFacts(
	db: Db,
	actor: Actor,
	document: DocumentRow,
	people: Readonly<Record<string, string>>
): Promise<Pick<ExportFacts, 'teacherName' | 'coachName' | 'cycleTitle'>> {
	const name = (id: string) => people[id] ?? 'A former member';
	if (document.cycleId) {
		const [cycle] = await db.select().from(coachingCycles).where(eq(coachingCycles.id, document.cycleId));
		if (!cycle) return { teacherName: null, coachName: null, cycleTitle: null };
		const teacherName = name(cycle.teacherId);
		const coachName = name(cycle.coachId);
		// A reader the teacher shared one document with sees whose cycle it is, not what the pair called it.
		const cycleTitle = readsCycleContent(actor, cycle) ? cycle.title : `${coachName} coaching ${teacherName}`;
		return { teacherName, coachName, cycleTitle };
	}
	if (document.plcId) {
		const [plc] = await db
			.select({ name: plcGroups.name })
			.from(plcGroups)
			.where(eq(plcGroups.id, document.plcId));
		return { teacherName: null, coachName: null, cycleTitle: plc?.name ?? null };
	}
	return { teacherName: null, coachName: null, cycleTitle: null };
}

/** One document's export, from everything acknowledged so far. */
export async function buildDocumentExport(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	document: DocumentRow,
	setting: ExportSetting
): Promise<DocumentExport> {
	const [state, owner] = await Promise.all([
		collaboration.currentState(document.id),
		ownerFacts(db, actor, document, setting.context.people)
	]);
	const doc = new Y.Doc();
	let content: DocumentContent;
	try {
		Y.applyUpdate(doc, state);
		content = readDocumentContent(doc, document.kind, setting.now.getTime());
	} finally {
		doc.destroy();
	}
	const facts: ExportFacts = {
		title: document.title,
		kind: document.kind,
		kindLabel: isDocumentKind(document.kind) ? documentKindLabels[document.kind] : 'Document',
		...owner,
		exportedAt: setting.now.toISOString(),
		updatedAt: document.updatedAt.toISOString(),
		timeZone: setting.context.timeZone
	};
	const tree = exportTree(facts, content, setting.context);
	return { document, facts, content, tree, markdown: toMarkdown(tree) };
}

export interface CycleExport {
	cycle: typeof coachingCycles.$inferSelect;
	/** The cycle's documents this actor may export, oldest first. */
	included: DocumentFacts[];
	/** What the access ledger keeps of this export: reads by anyone but the pair, and refusals. */
	ledger: LedgerEntry[];
}

/**
 * The documents of a cycle one actor may export, each decided by can() as for reading it alone. A cycle the
 * actor may not see is "not found"; one they see but none of whose documents they may read (an admin) is
 * refused, and the refusal is in the ledger of each of its documents.
 */
export async function cycleExport(db: Db, actor: Actor, cycleId: string): Promise<CycleExport> {
	const [cycle] = isId(cycleId)
		? await db.select().from(coachingCycles).where(eq(coachingCycles.id, cycleId))
		: [];
	if (!cycle || !can(actor, 'view', cycleResource(cycle))) throw notFound('That cycle');
	const rows = await db
		.select({ id: documents.id })
		.from(documents)
		.where(and(eq(documents.cycleId, cycle.id), eq(documents.workspaceId, cycle.workspaceId)))
		.orderBy(asc(documents.createdAt), asc(documents.id));
	const facts = (await Promise.all(rows.map((row) => loadDocumentFacts(db, row.id)))).filter(
		(f): f is DocumentFacts => f !== null
	);
	// A document sealed from this reader (the coach's debrief notes, for the teacher) is not theirs to
	// export, nor to be told of: it is left out, not refused.
	const readable = facts.filter((f) => can(actor, 'read', f.resource));
	const included = readable.filter((f) => can(actor, 'export', f.resource));
	const decided = included.length > 0 ? included : facts;
	const ledger = decided
		.map((f) => ledgerEntryFor(actor, f.resource, f.document.id, 'export', 'export', included.length > 0))
		.filter((entry): entry is LedgerEntry => entry !== null);
	return { cycle, included, ledger };
}
