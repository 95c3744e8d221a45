import { json } from '@sveltejs/kit';
import { invalid } from '$lib/domain/errors';
import { headerLine } from '$lib/format/export/export-tree';
import { attachment, exportFilename } from '$lib/format/export/filename';
import { plainText } from '$lib/format/export/nodes';
import { documentJson } from '$lib/server/documents/documents';
import { buildDocumentExport, exportSetting } from '$lib/server/exports/document-exports';
import { renderPdf } from '$lib/server/exports/pdf';
import { endpoint } from '$lib/server/sveltekit/api';
import { requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';

const FORMATS = ['md', 'json', 'pdf'] as const;

/** `?format=md` (Markdown), `json` (metadata and every part of the content) or `pdf`, each as a named file. */
export const GET = endpoint(async (event) => {
	const format = event.url.searchParams.get('format') ?? 'md';
	if (!(FORMATS as readonly string[]).includes(format))
		throw invalid('Export as format=md, format=json or format=pdf.', { format: 'md, json or pdf' });
	const user = requireApiUser(event);
	const { document, actor } = await authorizeDocument(user, event.params.id ?? '', 'export', 'export');
	const setting = await exportSetting(db(), document.workspaceId);
	const exported = await buildDocumentExport(db(), runtime().collaboration, actor, document, setting);
	const headers = (type: string, extension: 'md' | 'json' | 'pdf') => ({
		'content-type': type,
		'content-disposition': attachment(exportFilename(document.title, extension)),
		'cache-control': 'private, no-store'
	});
	if (format === 'json') {
		const { content, facts, markdown } = exported;
		return json(
			{
				document: await documentJson(db(), document),
				header: facts,
				content: {
					markdown,
					text: plainText(content.body),
					body: content.body,
					goal: content.goal,
					observation: content.observation,
					protocol: content.protocol,
					actionSteps: content.actionSteps,
					comments: content.comments
				}
			},
			{ headers: headers('application/json; charset=utf-8', 'json') }
		);
	}
	if (format === 'pdf') {
		const pdf = await renderPdf([{ tree: exported.tree }], {
			title: document.title,
			header: headerLine(exported.facts)
		});
		return new Response(new Uint8Array(pdf), { headers: headers('application/pdf', 'pdf') });
	}
	return new Response(exported.markdown, { headers: headers('text/markdown; charset=utf-8', 'md') });
});
