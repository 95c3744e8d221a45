// Groups a line diff for reading: long runs of unchanged lines fold away, keeping a little context.
import type { DiffLine } from '../../domain/text-diff.ts';

export type DiffSegment =
	{ kind: 'lines'; key: string; lines: DiffLine[] } | { kind: 'folded'; key: string; lines: DiffLine[] };

const CONTEXT = 2;
const MIN_FOLDED = 3;

export function diffSegments(diff: DiffLine[], context = CONTEXT): DiffSegment[] {
	const segments: DiffSegment[] = [];
	let index = 0;
	while (index < diff.length) {
		const start = index;
		const same = diff[index]?.type === 'same';
		while (index < diff.length && (diff[index]?.type === 'same') === same) index++;
		const run = diff.slice(start, index);
		const atStart = start === 0;
		const atEnd = index === diff.length;
		const keepBefore = atStart ? 0 : context;
		const keepAfter = atEnd ? 0 : context;
		// Folding fewer than MIN_FOLDED lines saves nothing worth a click.
		if (!same || run.length - keepBefore - keepAfter < MIN_FOLDED) {
			segments.push({ kind: 'lines', key: `l${start}`, lines: run });
			continue;
		}
		if (keepBefore) segments.push({ kind: 'lines', key: `l${start}`, lines: run.slice(0, keepBefore) });
		segments.push({
			kind: 'folded',
			key: `f${start + keepBefore}`,
			lines: run.slice(keepBefore, run.length - keepAfter)
		});
		if (keepAfter)
			segments.push({ kind: 'lines', key: `l${index - keepAfter}`, lines: run.slice(-keepAfter) });
	}
	return segments;
}
