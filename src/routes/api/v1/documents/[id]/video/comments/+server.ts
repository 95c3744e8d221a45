import { json } from '@sveltejs/kit';
import * as Y from 'yjs';
import { invalid, notFound } from '$lib/domain/errors';
import { videoCommentInput } from '$lib/domain/validation/documents';
import {
	addVideoComment,
	readVideoComments,
	videoCommentsAsMarkdown,
	videoCommentsAsWebVtt
} from '$lib/domain/video-comments';
import { endpoint, readBody } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
import { memberNames } from '$lib/server/workspaces/workspaces';

/** The time-coded comments, in the video's order; `?format=vtt` or `?format=md` exports them. */
export const GET = endpoint(async (event) => {
	const format = event.url.searchParams.get('format') ?? 'json';
	if (format !== 'json' && format !== 'vtt' && format !== 'md')
		throw invalid('List as format=json, or export as format=vtt or format=md.', {
			format: 'json, vtt or md'
		});
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(
		user,
		event.params.id ?? '',
		format === 'json' ? 'read' : 'export',
		format === 'json' ? 'api' : 'export'
	);
	if (document.kind !== 'video') throw notFound('That video');
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await runtime().collaboration.currentState(document.id));
	const comments = readVideoComments(doc);
	doc.destroy();
	if (format === 'json') return json({ comments });
	const names = await memberNames(db(), document.workspaceId);
	const nameOf = (id: string) => names.get(id) ?? 'a former member';
	const body =
		format === 'vtt'
			? videoCommentsAsWebVtt(comments, nameOf)
			: videoCommentsAsMarkdown(document.title, comments, nameOf);
	return new Response(body, {
		headers: {
			'content-type': format === 'vtt' ? 'text/vtt; charset=utf-8' : 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="video-comments.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
});

/**
 * `{ atMs, text, tag? }`: a comment at a moment of the video, by whoever may comment. The server writes it
 * into the document stamped with the author from the session, so nobody can write as someone else.
 */
export const POST = endpoint(async (event) => {
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'comment', 'api');
	if (document.kind !== 'video') throw notFound('That video');
	const input = await readBody(event, videoCommentInput);
	const comment = {
		id: crypto.randomUUID(),
		atMs: input.atMs,
		text: input.text,
		authorId: user.id,
		at: new Date().toISOString(),
		...(input.tag ? { tag: input.tag } : {})
	};
	await runtime().collaboration.change(document.id, { userId: user.id }, (doc) =>
		addVideoComment(doc, comment)
	);
	return json(comment, { status: 201 });
});
