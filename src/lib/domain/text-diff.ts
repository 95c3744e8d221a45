// A readable line diff ("what changed since this version") by longest common subsequence.
export interface DiffLine {
	type: 'same' | 'added' | 'removed';
	text: string;
}

/** Lines of `before` and `after` in order, each marked kept, added or removed. */
export function diffLines(before: string, after: string): DiffLine[] {
	const a = before === '' ? [] : before.split('\n');
	const b = after === '' ? [] : after.split('\n');
	// Documents are human-sized; an O(n·m) table of lengths is fine up to a few thousand lines each.
	const lengths: number[][] = Array.from({ length: a.length + 1 }, () =>
		new Array<number>(b.length + 1).fill(0)
	);
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			const row = lengths[i] as number[];
			row[j] =
				a[i] === b[j]
					? (lengths[i + 1]?.[j + 1] ?? 0) + 1
					: Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
		}
	}
	const out: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			out.push({ type: 'same', text: a[i] as string });
			i++;
			j++;
		} else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) {
			out.push({ type: 'removed', text: a[i++] as string });
		} else {
			out.push({ type: 'added', text: b[j++] as string });
		}
	}
	while (i < a.length) out.push({ type: 'removed', text: a[i++] as string });
	while (j < b.length) out.push({ type: 'added', text: b[j++] as string });
	return out;
}
