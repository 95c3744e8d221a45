// The highlighted snippet of a search result. ts_headline marks the words that matched with two control
// characters that indexed text cannot hold (search-text.ts cleans them out), and the snippet is handed to
// pages as parts, so a page shows the marks as <mark> without ever rendering the text as HTML.

import type { SnippetPart } from '../../domain/search-result.ts';

const START = '\u0002';
const STOP = '\u0003';

/** ts_headline's options: two short fragments of a dozen to thirty words, joined by an ellipsis. */
export const SNIPPET_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

export function splitSnippet(headline: string): SnippetPart[] {
	const parts: SnippetPart[] = [];
	for (const [index, piece] of headline.split(START).entries()) {
		const [matched, rest] = index === 0 ? [null, piece] : splitOnce(piece);
		if (matched) parts.push({ text: matched, match: true });
		if (rest) parts.push({ text: rest.replace(/\s+/g, ' '), match: false });
	}
	return parts;
}

function splitOnce(piece: string): [string, string] {
	const at = piece.indexOf(STOP);
	return at === -1 ? [piece, ''] : [piece.slice(0, at), piece.slice(at + 1)];
}
