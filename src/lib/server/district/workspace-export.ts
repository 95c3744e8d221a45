// The whole workspace as one ZIP for the district at the end of a contract (issue 17 §4): people, cycles
// (with their stage history and activities), every document as Markdown and JSON through the same export
// the document page uses, the access ledger and the deletion receipts. The district owns this data, so an
// admin may take it, but it holds coaching content admins otherwise never read: every document it holds
// gets a ledger row (channel `export`, detail `district_export`) that its teacher sees, and the export
// itself gets a receipt beside the deletion receipts.
import { eq, asc, inArray } from 'drizzle-orm';
import { zipSync, strToU8 } from 'fflate';
import * as Y from 'yjs';
import { exportDocument } from '../../domain/document-export.ts';
import { AppError } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import type { Db } from '../db/client.ts';
import {
	activities,
	auditLog,
	coachingCycles,
	cycleStageEvents,
	deletionRecords,
	documents,
	memberships,
	plcGroups,
	users,
	workspaces
} from '../db/schema.ts';
import { documentJson } from '../documents/documents.ts';
import { writeReceipt, type DeletionReceipt } from '../deletion/deletion.ts';
import { recordLedger } from '../ledger/ledger.ts';
import type { CollaborationControl } from '../runtime.ts';

export interface WorkspaceArchive {
	fileName: string;
	zip: Uint8Array;
	receipt: DeletionReceipt;
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** A file name part from a title: letters, digits, spaces, dashes; never empty. */
function slug(title: string): string {
	return (
		title
			.replace(/[^\p{L}\p{N} _-]+/gu, '')
			.trim()
			.replace(/\s+/g, '-')
			.slice(0, 60) || 'document'
	);
}

export async function exportWorkspace(
	db: Db,
	collaboration: CollaborationControl,
	actor: Actor,
	workspaceId: string
): Promise<WorkspaceArchive> {
	if (!can(actor, 'manage_members', { type: 'workspace', workspaceId }))
		throw new AppError('forbidden', 'Only an admin exports the workspace.');
	const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
	if (!workspace) throw new AppError('not_found', 'That workspace was not found.');

	const people = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			roles: memberships.roles,
			active: memberships.active,
			rosterSourcedId: memberships.rosterSourcedId,
			joinedAt: memberships.createdAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.workspaceId, workspaceId))
		.orderBy(asc(users.name));
	const names = new Map(people.map((p) => [p.id, p.name]));
	const cycles = await db
		.select()
		.from(coachingCycles)
		.where(eq(coachingCycles.workspaceId, workspaceId))
		.orderBy(asc(coachingCycles.createdAt));
	const cycleIds = cycles.map((c) => c.id);
	const stageEvents =
		cycleIds.length > 0
			? await db.select().from(cycleStageEvents).where(inArray(cycleStageEvents.cycleId, cycleIds))
			: [];
	const cycleActivities = await db.select().from(activities).where(eq(activities.workspaceId, workspaceId));
	const groups = await db.select().from(plcGroups).where(eq(plcGroups.workspaceId, workspaceId));
	const docs = await db
		.select()
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(asc(documents.createdAt));

	const files: Record<string, Uint8Array> = {};
	for (const document of docs) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await collaboration.currentState(document.id));
		const exported = exportDocument(
			doc,
			{ title: document.title, kind: document.kind },
			(id) => names.get(id) ?? 'a former member'
		);
		doc.destroy();
		const folder = document.cycleId
			? `documents/cycles/${document.cycleId}`
			: document.plcId
				? `documents/plcs/${document.plcId}`
				: 'documents/workspace';
		const base = `${folder}/${document.id}-${slug(document.title)}`;
		files[`${base}.md`] = strToU8(exported.markdown);
		files[`${base}.json`] = json({
			document: await documentJson(db, document),
			content: {
				text: exported.text,
				markdown: exported.markdown,
				goal: exported.goal,
				actionSteps: exported.actionSteps
			}
		});
	}
	// The ledger as it stands before this export's own rows; those follow in the teachers' ledgers.
	const ledger = await db
		.select()
		.from(auditLog)
		.where(eq(auditLog.workspaceId, workspaceId))
		.orderBy(asc(auditLog.id));
	const receipts = await db
		.select()
		.from(deletionRecords)
		.where(eq(deletionRecords.workspaceId, workspaceId));

	files['workspace.json'] = json({
		id: workspace.id,
		name: workspace.name,
		timeZone: workspace.timeZone,
		retentionYears: workspace.retentionYears,
		createdAt: workspace.createdAt,
		exportedAt: new Date().toISOString(),
		exportedBy: actor.userId
	});
	files['people.json'] = json(people);
	files['cycles.json'] = json(
		cycles.map((cycle) => ({
			...cycle,
			stageHistory: stageEvents.filter((e) => e.cycleId === cycle.id),
			activities: cycleActivities.filter((a) => a.cycleId === cycle.id)
		}))
	);
	files['plc-groups.json'] = json(groups);
	files['ledger.json'] = json(ledger);
	files['deletion-receipts.json'] = json(receipts);
	files['README.txt'] = strToU8(
		[
			`Everything Tandem holds for ${workspace.name}, exported ${new Date().toISOString()}.`,
			'',
			'workspace.json          the workspace and its retention setting',
			'people.json             every member: name, email, roles, whether active, roster sourcedId',
			'cycles.json             every coaching cycle with its stage history and activities',
			'plc-groups.json         the PLC groups',
			'documents/              every document as Markdown (.md) and as JSON (.json), by cycle or group',
			'ledger.json             the access ledger: who read or changed what, when, through which channel',
			'deletion-receipts.json  what was deleted, when and at whose request (counts, no content)',
			''
		].join('\n')
	);

	await recordLedger(
		db,
		docs.map((d) => ({
			workspaceId,
			actorId: actor.userId,
			documentId: d.id,
			...(d.plcId ? { plcId: d.plcId } : {}),
			action: 'export' as const,
			channel: 'export' as const,
			decision: 'allowed' as const,
			detail: { scope: 'district_export' }
		}))
	);
	const receipt = await writeReceipt(db, {
		workspaceId,
		requestedBy: actor.userId,
		subjectType: 'workspace_export',
		subjectId: workspaceId,
		documentsDeleted: 0,
		documentsRewritten: 0,
		context: {
			reason: 'end_of_contract',
			exported: {
				people: people.length,
				cycles: cycles.length,
				documents: docs.length,
				ledgerRows: ledger.length
			}
		}
	});
	files['receipt.json'] = json(receipt);
	return {
		fileName: `${slug(workspace.name)}-tandem-export-${new Date().toISOString().slice(0, 10)}.zip`,
		zip: zipSync(files),
		receipt
	};
}
