// The job that makes an uploaded file playable: probe it (refusing what is not a video, whatever its name
// said), transcode it, make its poster and preview strip, record its duration. It runs on the job queue, so
// a process killed mid-way leaves the job to be retried: every step writes to a new file and renames it, so
// a retry starts clean and a half-written transcode is never served.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { MediaFailure } from '../../domain/media.ts';
import type { Db } from '../db/client.ts';
import type { JobDefinition } from '../jobs/job-queue.ts';
import { makePoster, makePreviewStrip, probeVideo, transcodeToMp4 } from './ffmpeg.ts';
import { mediaLimits } from './limits.ts';
import { mediaById, updateMedia } from './media-files.ts';
import { removeDocumentMedia, removeUpload, type MediaPaths } from './media-store.ts';

export const PROCESS_VIDEO_JOB = 'media.process-video';

export interface ProcessVideoData {
	mediaId: string;
}

/** A refusal that no retry would change: the file is what it is. */
class Refused extends Error {
	constructor(readonly reason: MediaFailure) {
		super(reason);
	}
}

export function processVideoJob(deps: { db: Db; paths: MediaPaths }): JobDefinition<ProcessVideoData> {
	const { db, paths } = deps;

	async function refuse(mediaId: string, documentId: string, reason: MediaFailure) {
		// Nothing of a refused file is kept: not the upload, not a partial transcode. The row says why.
		await removeDocumentMedia(paths, documentId, [mediaId]);
		await updateMedia(db, mediaId, { status: 'failed', failure: reason, progress: 0 });
	}

	return {
		name: PROCESS_VIDEO_JOB,
		concurrency: mediaLimits.workersPerProcess,
		async handler({ mediaId }, context) {
			const row = await mediaById(db, mediaId);
			// Deleted meanwhile, or already done by an earlier attempt that died before it could say so.
			if (!row || row.status === 'ready' || row.status === 'failed') return;
			await updateMedia(db, mediaId, { status: 'processing', progress: 0, attempts: context.attempt });
			try {
				await processFile(row.documentId, mediaId, context.signal);
			} catch (error) {
				if (!(error instanceof Refused)) throw error;
				await refuse(mediaId, row.documentId, error.reason);
				return;
			}
			// The document may have been deleted while ffmpeg ran: then what was just made goes too.
			if (!(await mediaById(db, mediaId))) await removeDocumentMedia(paths, row.documentId, [mediaId]);
		},
		async onGaveUp({ mediaId }) {
			const row = await mediaById(db, mediaId);
			if (row && row.status !== 'ready') await refuse(mediaId, row.documentId, 'transcode_failed');
		}
	};

	async function processFile(documentId: string, mediaId: string, signal: AbortSignal) {
		const source = paths.upload(mediaId);
		const probe = await probeVideo(source, signal);
		if (!probe.ok) throw new Refused(probe.reason);
		const { durationMs, width, height } = probe.video;
		if (durationMs > mediaLimits.maxDurationMs) throw new Refused('too_long');

		await mkdir(paths.documentDir(documentId), { recursive: true });
		const video = paths.video(documentId);
		// Named per attempt: the ffmpeg of a process killed with -9 lives on and may still be writing its own.
		const partial = `${video}.${randomUUID()}.partial`;
		let lastWrite = 0;
		let writing: Promise<void> = Promise.resolve();
		const outcome = await transcodeToMp4(source, partial, durationMs, {
			signal,
			onProgress(fraction) {
				const now = Date.now();
				if (now - lastWrite < mediaLimits.progressWriteIntervalMs) return;
				lastWrite = now;
				// One write at a time, in order; a failed progress write is not worth failing the job over.
				writing = writing
					.then(() => updateMedia(db, mediaId, { progress: Math.min(99, Math.floor(fraction * 100)) }))
					.catch(() => {});
			}
		});
		await writing;
		if (outcome !== 'ok') {
			await rm(partial, { force: true });
			if (outcome === 'damaged') throw new Refused('damaged');
			throw new Error('ffmpeg could not transcode the video');
		}
		await rename(partial, video);
		// The poster and strip help people find a moment; a video without them still plays.
		await makeImage(paths.poster(documentId), (out) =>
			makePoster(video, out, durationMs, mediaLimits.posterWidth)
		);
		await makeImage(paths.strip(documentId), (out) =>
			makePreviewStrip(video, out, durationMs, mediaLimits.stripFrames, mediaLimits.stripFrameWidth)
		);
		await updateMedia(db, mediaId, {
			status: 'ready',
			progress: 100,
			failure: null,
			durationMs,
			width,
			height,
			readyAt: new Date()
		});
		// Only the transcode is kept: the original may carry the phone's location and name in its metadata.
		await removeUpload(paths, mediaId);
	}
}

async function makeImage(target: string, make: (output: string) => Promise<boolean>): Promise<void> {
	const partial = `${target}.${randomUUID()}.partial.jpg`;
	if (await make(partial)) await rename(partial, target);
	else await rm(partial, { force: true });
}
