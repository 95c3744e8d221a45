// What a released snapshot's page shows as text. The export's Markdown (document-export.ts) starts with the
// title and, for a goal, a "Goal" section of figures and measurements; the page shows those from the
// structured snapshot instead, so they are left out here rather than shown twice. Anything that does not
// look exactly like that export is kept whole: showing something twice is better than losing it.

/** The snapshot's Markdown without its title line and, when the page shows the goal, its goal section. */
export function snapshotBody(markdown: string, goal: { measurements: readonly unknown[] } | null): string {
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	let i = 0;
	const skipBlank = () => {
		while (i < lines.length && !(lines[i] as string).trim()) i++;
	};
	if ((lines[0] ?? '').startsWith('# ')) i = 1;
	const afterTitle = i;
	if (!goal) return lines.slice(afterTitle).join('\n').trim();

	skipBlank();
	if (lines[i] !== '## Goal') return lines.slice(afterTitle).join('\n').trim();
	// The figures end with the PEERS line.
	const peers = lines.findIndex((line, index) => index > i && line.startsWith('- PEERS: '));
	if (peers === -1) return lines.slice(afterTitle).join('\n').trim();
	i = peers + 1;
	if (goal.measurements.length > 0) {
		skipBlank();
		if (lines[i] === '### Measurements') {
			i++;
			skipBlank();
			while (i < lines.length && (lines[i] as string).startsWith('|')) i++;
		}
	}
	return lines.slice(i).join('\n').trim();
}
