// A ZIP of text files (a cycle's Markdown portfolio), with fflate: small, maintained, no native code.
import { strToU8, zipSync, type Zippable } from 'fflate';

export function zipTextFiles(files: readonly { name: string; text: string }[], modified: Date): Uint8Array {
	const entries: Zippable = {};
	for (const file of files) entries[file.name] = [strToU8(file.text), { mtime: modified }];
	return zipSync(entries, { level: 6 });
}
