// The rows of lesson videos (media_files) and the files they stand for. Only metadata is in the row.
import { readdir } from 'node:fs/promises';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { isMediaFailure, isMediaStatus, type MediaFailure, type MediaStatus } from '../../domain/media.ts';
import { isId } from '../../domain/validation/ids.ts';
import type { Db } from '../db/client.ts';
import { mediaFiles } from '../db/schema.ts';
import { removeDocumentMedia, removeUpload, type MediaPaths } from './media-store.ts';

export type MediaRow = typeof mediaFiles.$inferSelect;

/** What a reader of the video's document is shown of its file. */
export interface VideoStatusJson {
	status: MediaStatus;
	progress: number;
	failure: MediaFailure | null;
	durationMs: number | null;
	width: number | null;
	height: number | null;
	byteSize: number;
	/** The transcode's attempt: above 0 after a crash or a retry, so the page can say it resumed. */
	attempts: number;
	updatedAt: string;
}

export function videoStatusJson(row: MediaRow): VideoStatusJson {
	return {
		status: isMediaStatus(row.status) ? row.status : 'failed',
		progress: row.progress,
		failure: isMediaFailure(row.failure) ? row.failure : null,
		durationMs: row.durationMs,
		width: row.width,
		height: row.height,
		byteSize: row.byteSize,
		attempts: row.attempts,
		updatedAt: row.updatedAt.toISOString()
	};
}

export async function mediaForDocument(db: Db, documentId: string): Promise<MediaRow | null> {
	const [row] = await db.select().from(mediaFiles).where(eq(mediaFiles.documentId, documentId));
	return row ?? null;
}

export async function mediaById(db: Db, id: string): Promise<MediaRow | null> {
	const [row] = await db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
	return row ?? null;
}

/** Bytes a workspace's videos take or have been promised (uploads under way count at their declared size). */
export async function workspaceMediaBytes(db: Db, workspaceId: string, except?: string): Promise<number> {
	const [row] = await db
		.select({ total: sql<string | null>`sum(${mediaFiles.byteSize})` })
		.from(mediaFiles)
		.where(
			and(
				eq(mediaFiles.workspaceId, workspaceId),
				ne(mediaFiles.status, 'failed'),
				...(except ? [ne(mediaFiles.id, except)] : [])
			)
		);
	return Number(row?.total ?? 0);
}

export async function updateMedia(
	db: Db,
	id: string,
	values: Partial<
		Pick<
			MediaRow,
			'status' | 'progress' | 'failure' | 'attempts' | 'durationMs' | 'width' | 'height' | 'readyAt'
		>
	>
): Promise<void> {
	await db
		.update(mediaFiles)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(mediaFiles.id, id));
}

/**
 * Removes files that no row stands for any more: what a deleted document, cycle, person or workspace left on
 * disk (the rows went by cascade). Files are listed before rows are read: a row is written before its upload's
 * first byte, so a file listed here whose row is missing is an orphan, not an upload just starting.
 */
export async function removeOrphanedMedia(db: Db, paths: MediaPaths): Promise<number> {
	const uploadIds = (await listNames(paths.uploads)).map((name) => name.replace(/\.json$/, '')).filter(isId);
	const documentIds = (await listNames(paths.videos)).filter(isId);
	const rows =
		uploadIds.length || documentIds.length
			? await db
					.select({ id: mediaFiles.id, documentId: mediaFiles.documentId })
					.from(mediaFiles)
					.where(
						sql`${inArray(mediaFiles.id, uploadIds.length ? uploadIds : [''])} or ${inArray(mediaFiles.documentId, documentIds.length ? documentIds : [''])}`
					)
			: [];
	const liveUploads = new Set(rows.map((r) => r.id));
	const liveDocuments = new Set(rows.map((r) => r.documentId));
	let removed = 0;
	for (const id of new Set(uploadIds)) {
		if (liveUploads.has(id)) continue;
		await removeUpload(paths, id);
		removed++;
	}
	for (const id of documentIds) {
		if (liveDocuments.has(id)) continue;
		await removeDocumentMedia(paths, id, []);
		removed++;
	}
	return removed;
}

async function listNames(dir: string): Promise<string[]> {
	try {
		return await readdir(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
}
