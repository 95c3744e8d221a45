// Version history: frozen states of a document. Restoring applies an old state as a new edit; history is
// never rewritten.
import { and, desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { notFound } from '../../domain/errors.ts';
import { diffLines, type DiffLine } from '../../domain/text-diff.ts';
import { isId } from '../../domain/validation/ids.ts';
import type { Db } from '../db/client.ts';
import { documentVersions, users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { bodyText } from './content.ts';

export type VersionReason = 'named' | 'last-editor-left' | 'interval' | 'before-restore';

/** How often continuous editing gets an automatic version. */
export const VERSION_INTERVAL_MS = 10 * 60 * 1000;

export interface VersionSummary {
	id: string;
	name: string | null;
	reason: VersionReason;
	createdAt: string;
	createdBy: { id: string; name: string } | null;
}

function docFrom(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

export function plainTextOf(state: Uint8Array): string {
	const doc = docFrom(state);
	try {
		return bodyText(doc);
	} finally {
		doc.destroy();
	}
}

export async function createVersion(
	db: Db,
	input: {
		documentId: string;
		state: Uint8Array;
		reason: VersionReason;
		name?: string | null;
		createdBy: string | null;
	}
): Promise<string> {
	const id = newId();
	await db.insert(documentVersions).values({
		id,
		documentId: input.documentId,
		name: input.name ?? null,
		reason: input.reason,
		state: input.state,
		plainText: plainTextOf(input.state),
		createdBy: input.createdBy
	});
	return id;
}

/** Versions with their creator's name, newest first; `versionId` narrows it to one. */
function versionRows(db: Db, documentId: string, versionId?: string) {
	return db
		.select({ version: documentVersions, creatorName: users.name })
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdBy))
		.where(
			versionId
				? and(eq(documentVersions.documentId, documentId), eq(documentVersions.id, versionId))
				: eq(documentVersions.documentId, documentId)
		)
		.orderBy(desc(documentVersions.createdAt));
}

type VersionRow = Awaited<ReturnType<typeof versionRows>>[number];

function toSummary({ version, creatorName }: VersionRow): VersionSummary {
	return {
		id: version.id,
		name: version.name,
		reason: version.reason as VersionReason,
		createdAt: version.createdAt.toISOString(),
		createdBy: version.createdBy && creatorName ? { id: version.createdBy, name: creatorName } : null
	};
}

export async function listVersions(db: Db, documentId: string): Promise<VersionSummary[]> {
	return (await versionRows(db, documentId)).map(toSummary);
}

async function findVersion(db: Db, documentId: string, versionId: string): Promise<VersionRow> {
	const [row] = isId(versionId) ? await versionRows(db, documentId, versionId) : [];
	if (!row) throw notFound('That version');
	return row;
}

/** A version's text and what changed in the document since. */
export async function versionWithDiff(
	db: Db,
	documentId: string,
	versionId: string,
	currentState: Uint8Array
): Promise<{ version: VersionSummary; text: string; diff: DiffLine[] }> {
	const row = await findVersion(db, documentId, versionId);
	return {
		version: toSummary(row),
		text: row.version.plainText,
		diff: diffLines(row.version.plainText, plainTextOf(currentState))
	};
}

/** A version's frozen state; 404 when the document has no such version. */
export async function versionState(db: Db, documentId: string, versionId: string): Promise<Uint8Array> {
	return (await findVersion(db, documentId, versionId)).version.state;
}

/** Removes one version: the "before restore" version of a restore that could not be saved. */
export async function deleteVersion(db: Db, versionId: string): Promise<void> {
	await db.delete(documentVersions).where(eq(documentVersions.id, versionId));
}

/**
 * Turns the document back into the version's content, as one edit on the document itself (run it inside
 * control.change), so it merges like any other edit and the state before it stays in the history.
 */
export function restoreVersion(doc: Y.Doc, state: Uint8Array): void {
	const target = docFrom(state);
	try {
		doc.transact(() => {
			const body = doc.getXmlFragment('body');
			body.delete(0, body.length);
			body.insert(
				0,
				target
					.getXmlFragment('body')
					.toArray()
					.map((node) => node.clone() as Y.XmlElement | Y.XmlText)
			);
			for (const name of RESTORED_MAPS) restoreMap(doc.getMap(name), target.getMap(name));
			for (const name of RESTORED_ARRAYS) restoreArray(doc.getArray(name), target.getArray(name));
		});
	} finally {
		target.destroy();
	}
}

// The structured parts of the document formats (docs/design.md §6); `meta` stays as it is.
const RESTORED_MAPS = ['goal', 'peers', 'session', 'tools'];
const RESTORED_ARRAYS = ['measurements', 'notes', 'events', 'actionSteps'];

function cloneValue(value: unknown): unknown {
	return value instanceof Y.AbstractType ? value.clone() : value;
}

function restoreMap(live: Y.Map<unknown>, target: Y.Map<unknown>) {
	for (const key of [...live.keys()]) if (!target.has(key)) live.delete(key);
	for (const [key, value] of target.entries()) live.set(key, cloneValue(value));
}

function restoreArray(live: Y.Array<unknown>, target: Y.Array<unknown>) {
	live.delete(0, live.length);
	live.insert(0, target.toArray().map(cloneValue));
}
