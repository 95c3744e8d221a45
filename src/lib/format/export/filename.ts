// Export files are named after what they hold ("Goal - Reading conferences.pdf"), never "export.json".

const MAX_NAME = 80;

/** A file name from a document's (or cycle's) title: letters, digits, spaces, dashes, underscores and dots kept. */
export function exportFilename(title: string, extension: 'md' | 'json' | 'pdf' | 'zip'): string {
	const base =
		title
			.normalize('NFC')
			.replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
			.replace(/\s+/g, ' ')
			.replace(/^[.\s]+|[.\s]+$/g, '')
			.slice(0, MAX_NAME)
			.trim() || 'Untitled';
	return `${base}.${extension}`;
}

/** Names for the files of one archive, each once: a second "Notes.md" becomes "Notes (2).md". */
export function uniqueFilenames(names: readonly string[]): string[] {
	const seen = new Map<string, number>();
	return names.map((name) => {
		const key = name.toLowerCase();
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		if (count === 1) return name;
		const dot = name.lastIndexOf('.');
		return dot > 0 ? `${name.slice(0, dot)} (${count})${name.slice(dot)}` : `${name} (${count})`;
	});
}

/** A Content-Disposition header that downloads the file under its name, in any browser. */
export function attachment(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
