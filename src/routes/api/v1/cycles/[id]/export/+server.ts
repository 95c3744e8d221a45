import { forbidden, invalid } from '$lib/domain/errors';
import { headerLine } from '$lib/format/export/export-tree';
import { attachment, exportFilename, uniqueFilenames } from '$lib/format/export/filename';
import { buildDocumentExport, cycleExport, exportSetting } from '$lib/server/exports/document-exports';
import { renderPdf } from '$lib/server/exports/pdf';
import { zipTextFiles } from '$lib/server/exports/zip';
import { endpoint } from '$lib/server/sveltekit/api';
import { actorFor, requireApiUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';

const FORMATS = ['pdf', 'zip'] as const;

/**
 * A whole cycle to keep: `?format=pdf` (one PDF, a document per section) or `zip` (a Markdown file per
 * document). Each document is in it only if its reader may export it on its own (can()).
 */
export const GET = endpoint(async (event) => {
	const format = event.url.searchParams.get('format') ?? 'pdf';
	if (!(FORMATS as readonly string[]).includes(format))
		throw invalid('Export a cycle as format=pdf or format=zip.', { format: 'pdf or zip' });
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	const { cycle, included, ledger } = await cycleExport(db(), actor, event.params.id ?? '');
	for (const entry of ledger) runtime().ledger.record(entry);
	if (included.length === 0) throw forbidden();
	const setting = await exportSetting(db(), cycle.workspaceId);
	const exports = [];
	// One after another: a cycle holds a handful of documents, and each loads its live state.
	for (const facts of included)
		exports.push(await buildDocumentExport(db(), runtime().collaboration, actor, facts.document, setting));
	const first = exports[0]!.facts;
	// The cycle's own title is the pair's content; anyone else (a reader of one shared document) gets its label.
	const title = first.cycleTitle ?? cycle.title;
	const headers = (type: string, extension: 'pdf' | 'zip') => ({
		'content-type': type,
		'content-disposition': attachment(exportFilename(title, extension)),
		'cache-control': 'private, no-store'
	});
	if (format === 'zip') {
		const names = uniqueFilenames(exports.map((e) => exportFilename(e.document.title, 'md')));
		const zip = zipTextFiles(
			exports.map((e, index) => ({ name: names[index] as string, text: e.markdown })),
			setting.now
		);
		return new Response(new Uint8Array(zip), { headers: headers('application/zip', 'zip') });
	}
	const pdf = await renderPdf(
		exports.map((e) => ({ tree: e.tree })),
		{ title, header: headerLine(first) }
	);
	return new Response(new Uint8Array(pdf), { headers: headers('application/pdf', 'pdf') });
});
