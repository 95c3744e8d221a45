// A tiny Markdown renderer for released snapshots: the subset our own export writes (document-export.ts)
// — headings, paragraphs, lists and task lists, tables, block quotes, code blocks, rules, bold, italic and
// code. Everything is escaped; no HTML passes through and no attribute is built from the text (there are
// no links), so whatever a collaborator typed can only ever show as text.
//
// Unit tests belong in tests/unit (not this engineer's folder): see the report for the cases to cover.

export interface RenderOptions {
	/** The HTML level of a `#` heading: 2 when the text sits under the page's h2 title, and so on. */
	baseLevel?: number;
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Wraps `marker`…`marker` pairs of already escaped text in `tag`. Linear: each search starts where the last
 * ended, and an opener without a closer ends the search (no later one could close either), so a long line of
 * unmatched marks costs no more than reading it.
 */
function pairMarks(text: string, marker: string, tag: 'strong' | 'em', wordBound: boolean): string {
	let out = '';
	let from = 0;
	for (;;) {
		const open = text.indexOf(marker, from);
		if (open === -1) break;
		const close = text.indexOf(marker, open + marker.length + 1);
		if (close === -1) break;
		const inner = text.slice(open + marker.length, close);
		const padded = inner.trim() !== inner;
		// snake_case_names stay as they are: `_` marks only outside words.
		const inWord =
			wordBound && (WORD.test(text[open - 1] ?? '') || WORD.test(text[close + marker.length] ?? ''));
		if (padded || inWord) {
			out += text.slice(from, open + marker.length);
			from = open + marker.length;
			continue;
		}
		out += `${text.slice(from, open)}<${tag}>${inner}</${tag}>`;
		from = close + marker.length;
	}
	return out + text.slice(from);
}

/** Bold, italic and code spans on one line of text; everything else is escaped. */
export function renderInline(text: string): string {
	// Code spans first: what is inside them is shown as typed, with no further marks.
	return text
		.split(/(`[^`]+`)/)
		.map((part) => {
			if (part.length > 2 && part.startsWith('`') && part.endsWith('`'))
				return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
			let html = escapeHtml(part);
			html = pairMarks(html, '**', 'strong', false);
			html = pairMarks(html, '__', 'strong', true);
			html = pairMarks(html, '*', 'em', false);
			return pairMarks(html, '_', 'em', true);
		})
		.join('');
}

/** A heading's text without the optional closing `#`s ("## Title ##"). */
function headingText(raw: string): string {
	const text = raw.trimEnd();
	let end = text.length;
	while (end > 0 && text[end - 1] === '#') end--;
	if (end === text.length || (end > 0 && !/\s/.test(text[end - 1] as string))) return text;
	return text.slice(0, end).trimEnd();
}

/** Deeper nesting (quotes in quotes in quotes…) is shown as plain text: no input may exhaust the stack. */
const MAX_DEPTH = 12;

const HEADING = /^(#{1,6})\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TASK = /^\[([ xX])\]\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

function indentOf(line: string): number {
	return (/^\s*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

/** The cells of a `| a | b |` row; `\|` is a literal bar inside a cell. */
function tableCells(row: string): string[] {
	const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
	const cells: string[] = [];
	let current = '';
	for (let i = 0; i < inner.length; i++) {
		const char = inner[i];
		if (char === '\\' && inner[i + 1] === '|') {
			current += '|';
			i++;
		} else if (char === '|') {
			cells.push(current.trim());
			current = '';
		} else {
			current += char;
		}
	}
	cells.push(current.trim());
	return cells;
}

function renderTable(rows: string[]): string {
	const hasHeader = rows.length >= 2 && TABLE_SEPARATOR.test(rows[1] as string);
	const head = hasHeader ? tableCells(rows[0] as string) : null;
	const body = (hasHeader ? rows.slice(2) : rows).map(tableCells);
	const cell = (tag: 'th' | 'td', text: string) =>
		tag === 'th' ? `<th scope="col">${renderInline(text)}</th>` : `<td>${renderInline(text)}</td>`;
	return [
		'<table>',
		head ? `<thead><tr>${head.map((c) => cell('th', c)).join('')}</tr></thead>` : '',
		`<tbody>${body.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('')}</tbody>`,
		'</table>'
	].join('');
}

interface ListItem {
	text: string;
	/** `null`: not a task; otherwise whether it is checked. */
	task: boolean | null;
	/** Lines nested under the item, dedented. */
	children: string[];
}

function renderList(
	items: ListItem[],
	ordered: boolean,
	options: Required<RenderOptions>,
	depth: number
): string {
	const tag = ordered ? 'ol' : 'ul';
	const isTaskList = items.some((item) => item.task !== null);
	const rendered = items.map((item) => {
		const nested = item.children.length > 0 ? renderBlocks(item.children, options, depth + 1) : '';
		if (item.task === null) return `<li>${renderInline(item.text)}${nested}</li>`;
		const box = `<input type="checkbox" disabled${item.task ? ' checked' : ''} />`;
		return `<li class="task"><label>${box} ${renderInline(item.text)}</label>${nested}</li>`;
	});
	return `<${tag}${isTaskList ? ' class="tasks"' : ''}>${rendered.join('')}</${tag}>`;
}

/** Whether a line starts a block of its own (so it ends a paragraph). */
function startsBlock(line: string): boolean {
	return [HEADING, FENCE, RULE, QUOTE, TABLE_ROW, LIST_ITEM].some((pattern) => pattern.test(line));
}

function renderBlocks(lines: string[], options: Required<RenderOptions>, depth = 0): string {
	if (depth > MAX_DEPTH) {
		const text = lines.map((line) => line.trim()).filter(Boolean);
		return text.length > 0 ? `<p>${text.map(escapeHtml).join('<br />')}</p>` : '';
	}
	const out: string[] = [];
	let i = 0;
	const at = (index: number) => lines[index] as string;
	while (i < lines.length) {
		const line = at(i);
		if (!line.trim()) {
			i++;
			continue;
		}

		const fence = FENCE.exec(line);
		if (fence) {
			const marker = fence[1] as string;
			const code: string[] = [];
			i++;
			while (i < lines.length && !at(i).trimStart().startsWith(marker)) code.push(at(i++));
			i++; // the closing fence (or the end)
			out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
			continue;
		}

		const heading = HEADING.exec(line);
		if (heading) {
			const level = Math.min(6, (heading[1] as string).length + options.baseLevel - 1);
			out.push(`<h${level}>${renderInline(headingText(heading[2] as string))}</h${level}>`);
			i++;
			continue;
		}

		if (RULE.test(line)) {
			out.push('<hr />');
			i++;
			continue;
		}

		if (QUOTE.test(line)) {
			const quoted: string[] = [];
			while (i < lines.length && QUOTE.test(at(i))) {
				quoted.push((QUOTE.exec(at(i)) as RegExpExecArray)[1] as string);
				i++;
			}
			out.push(`<blockquote>${renderBlocks(quoted, options, depth + 1)}</blockquote>`);
			continue;
		}

		if (TABLE_ROW.test(line)) {
			const rows: string[] = [];
			while (i < lines.length && TABLE_ROW.test(at(i))) rows.push(at(i++));
			out.push(renderTable(rows));
			continue;
		}

		const first = LIST_ITEM.exec(line);
		if (first) {
			const baseIndent = indentOf(line);
			const ordered = /\d/.test(first[2] as string);
			const items: ListItem[] = [];
			while (i < lines.length) {
				const current = at(i);
				const match = LIST_ITEM.exec(current);
				if (match && indentOf(current) === baseIndent && /\d/.test(match[2] as string) === ordered) {
					const rest = match[3] as string;
					const task = ordered ? null : TASK.exec(rest);
					items.push({
						text: task ? (task[2] as string) : rest,
						task: task ? task[1] !== ' ' : null,
						children: []
					});
					i++;
				} else if (current.trim() && indentOf(current) > baseIndent && items.length > 0) {
					// Deeper lines belong to the item above: a nested list or a paragraph of it.
					(items.at(-1) as ListItem).children.push(
						current.slice(Math.min(indentOf(current), baseIndent + 2))
					);
					i++;
				} else {
					break;
				}
			}
			out.push(renderList(items, ordered, options, depth));
			continue;
		}

		// A paragraph: consecutive lines that start no other block.
		const paragraph: string[] = [];
		while (i < lines.length && at(i).trim() && !(paragraph.length > 0 && startsBlock(at(i)))) {
			paragraph.push(at(i).trim());
			i++;
		}
		out.push(`<p>${paragraph.map(renderInline).join('<br />')}</p>`);
	}
	return out.join('\n');
}

/** Markdown to safe HTML (see the file's header for what is understood). */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
	const baseLevel = Math.min(Math.max(Math.trunc(options.baseLevel ?? 1), 1), 6);
	return renderBlocks(markdown.replace(/\r\n?/g, '\n').split('\n'), { baseLevel });
}
