// HTTP range requests (RFC 9110 §14) for lesson videos: which bytes to send for a Range header. One range
// per answer (a player never asks for more), and never more than `cap` bytes: see mediaLimits.maxRangeBytes.

export type RangeAnswer =
	{ kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function answerRange(header: string | null, size: number, cap: number): RangeAnswer {
	if (!header) return { kind: 'whole' };
	const match = /^bytes=(\d*)-(\d*)(?:\s*,.*)?$/.exec(header.trim());
	// A Range we do not understand is ignored, as the RFC asks: the whole representation.
	if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
	if (size === 0) return { kind: 'unsatisfiable' };
	let start: number;
	let end: number;
	if (match[1] === '') {
		// "bytes=-500": the last 500 bytes.
		const suffix = Number(match[2]);
		if (suffix === 0) return { kind: 'unsatisfiable' };
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(match[1]);
		end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
		if (start >= size || end < start) return { kind: 'unsatisfiable' };
	}
	return { kind: 'partial', start, end: Math.min(end, start + cap - 1) };
}
