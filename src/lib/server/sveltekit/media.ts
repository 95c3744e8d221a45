// Serving a lesson video's files: every request, range by range, asks can() again through
// authorizeDocument, so a share withdrawn or a video deleted stops the next range (issue 18). The ledger
// keeps one row per look ('media' channel, folded within LEDGER_REPEAT_WINDOW_MS), not one per range.
import type { RequestEvent } from '@sveltejs/kit';
import { notFound } from '../../domain/errors.ts';
import { mediaLimits } from '../media/limits.ts';
import { fileResponse } from '../media/file-response.ts';
import { mediaForDocument } from '../media/media-files.ts';
import type { MediaPaths } from '../media/media-store.ts';
import { requireApiUser } from './auth.ts';
import { db, runtime } from './context.ts';
import { authorizeDocument } from './documents.ts';

export type MediaFileKind = 'video' | 'poster' | 'strip';

const files: Record<
	MediaFileKind,
	{ path: (paths: MediaPaths, documentId: string) => string; type: string }
> = {
	video: { path: (p, id) => p.video(id), type: 'video/mp4' },
	poster: { path: (p, id) => p.poster(id), type: 'image/jpeg' },
	strip: { path: (p, id) => p.strip(id), type: 'image/jpeg' }
};

export async function serveMediaFile(event: RequestEvent, kind: MediaFileKind): Promise<Response> {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'media');
	const media = document.kind === 'video' ? await mediaForDocument(db(), document.id) : null;
	if (!media || media.status !== 'ready') throw notFound('That video');
	const file = files[kind];
	const response = await fileResponse(
		file.path(runtime().media, document.id),
		file.type,
		event.request.headers.get('range'),
		mediaLimits.maxRangeBytes
	);
	if (!response) throw notFound('That video');
	return response;
}
