import { json } from '@sveltejs/kit';
import { MEDIA_FAILURES } from '$lib/domain/media';
import { notFound } from '$lib/domain/errors';
import { mediaForDocument, videoStatusJson } from '$lib/server/media/media-files';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

/** Where a lesson video's file is: uploading, queued, processing (with progress), ready or failed (and why). */
export const GET = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'read', 'api');
	if (document.kind !== 'video') throw notFound('That video');
	const media = await mediaForDocument(db(), document.id);
	if (!media) return json({ video: null });
	const status = videoStatusJson(media);
	return json({
		video: { ...status, failureMessage: status.failure ? MEDIA_FAILURES[status.failure] : null }
	});
});
