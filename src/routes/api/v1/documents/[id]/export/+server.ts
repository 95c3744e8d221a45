import { json } from '@sveltejs/kit';
import * as Y from 'yjs';
import { exportDocument } from '$lib/domain/document-export';
import { invalid } from '$lib/domain/errors';
import { documentJson } from '$lib/server/documents/documents';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
import { memberNames } from '$lib/server/workspaces/workspaces';

/** `?format=md` (Markdown, as a file) or `?format=json` (metadata and structured content). */
export const GET = endpoint(async (event) => {
	const format = event.url.searchParams.get('format') ?? 'md';
	if (format !== 'md' && format !== 'json')
		throw invalid('Export as format=md or format=json.', { format: 'md or json' });
	const user = requireApiUser(event);
	const { document } = await authorizeDocument(user, event.params.id ?? '', 'export', 'export');
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await runtime().collaboration.currentState(document.id));
	const names = await memberNames(db(), document.workspaceId);
	const exported = exportDocument(
		doc,
		{ title: document.title, kind: document.kind },
		(id) => names.get(id) ?? 'a former member'
	);
	doc.destroy();
	if (format === 'json') {
		return json({
			document: await documentJson(db(), document),
			content: {
				text: exported.text,
				markdown: exported.markdown,
				goal: exported.goal,
				actionSteps: exported.actionSteps
			}
		});
	}
	const filename = `${
		document.title
			.replace(/[^\p{L}\p{N} _-]+/gu, '')
			.trim()
			.slice(0, 80) || 'document'
	}.md`;
	return new Response(exported.markdown, {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`
		}
	});
});
