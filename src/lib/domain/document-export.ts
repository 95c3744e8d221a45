// A document's content outside the editor: Markdown for people (exports, released snapshots) and plain
// structures for programs. Reads the formats of docs/design.md §6 and never throws on odd content.
import * as Y from 'yjs';
import { bodyOf } from './document-body.ts';
import { readActionSteps, type ActionStep } from './action-steps.ts';
import { PEERS_CRITERIA, readGoal, type GoalSnapshot } from './goal-document.ts';

export interface ExportedDocument {
	title: string;
	kind: string;
	markdown: string;
	text: string;
	goal: GoalSnapshot | null;
	actionSteps: ActionStep[];
}

function inlineText(node: Y.XmlElement | Y.XmlText): string {
	if (node instanceof Y.XmlText) {
		return node
			.toDelta()
			.map((op: { insert?: unknown; attributes?: Record<string, unknown> }) => {
				const text = typeof op.insert === 'string' ? op.insert : '';
				const marks = op.attributes ?? {};
				if (!text.trim()) return text;
				if (marks.bold) return `**${text}**`;
				if (marks.italic) return `*${text}*`;
				if (marks.code) return `\`${text}\``;
				return text;
			})
			.join('');
	}
	return node
		.toArray()
		.map((child) => inlineText(child as Y.XmlElement | Y.XmlText))
		.join('');
}

function blockLines(node: Y.XmlElement, depth = 0): string[] {
	const indent = '  '.repeat(depth);
	const children = node.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
	switch (node.nodeName) {
		case 'heading': {
			const level = Math.min(Math.max(Number(node.getAttribute('level')) || 2, 1), 6);
			return [`${'#'.repeat(level + 1)} ${inlineText(node)}`, ''];
		}
		case 'paragraph':
			return [`${indent}${inlineText(node)}`, ''];
		case 'bulletList':
		case 'orderedList':
		case 'taskList':
			return [
				...children.flatMap((item, index) => {
					const marker =
						node.nodeName === 'orderedList'
							? `${index + 1}.`
							: node.nodeName === 'taskList'
								? `- [${item.getAttribute('checked') ? 'x' : ' '}]`
								: '-';
					const [first, ...rest] = item.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
					return [
						`${indent}${marker} ${first ? inlineText(first) : ''}`,
						...rest.flatMap((child) => blockLines(child, depth + 1).filter((line) => line !== ''))
					];
				}),
				''
			];
		case 'blockquote':
			return [
				...children.flatMap((child) => blockLines(child, depth)).map((line) => (line ? `> ${line}` : line)),
				''
			];
		case 'codeBlock':
			return ['```', inlineText(node), '```', ''];
		case 'table':
			return [
				...children.map((row) => {
					const cells = row.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
					return `| ${cells.map((cell) => inlineText(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
				}),
				''
			];
		case 'horizontalRule':
			return ['---', ''];
		default:
			return children.flatMap((child) => blockLines(child, depth));
	}
}

function goalMarkdown(goal: GoalSnapshot): string[] {
	const { fields, peers, measurements } = goal;
	const lines = ['## Goal', ''];
	if (fields.statement) lines.push(fields.statement, '');
	if (fields.metric) lines.push(`- Measured by: ${fields.metric}`);
	if (fields.baselineText) lines.push(`- Baseline: ${fields.baselineText}`);
	if (fields.targetText) lines.push(`- Target: ${fields.targetText}`);
	if (fields.due) lines.push(`- Due: ${fields.due}`);
	const met = PEERS_CRITERIA.filter((c) => peers[c.key]).map((c) => c.label);
	lines.push(`- PEERS: ${met.length ? met.join(', ') : 'none checked yet'}`, '');
	if (measurements.length > 0) {
		lines.push('### Measurements', '', '| Date | Value | Note | Source |', '| --- | --- | --- | --- |');
		for (const m of measurements)
			lines.push(`| ${m.date} | ${m.value} | ${m.note.replace(/\|/g, '\\|')} | ${m.source} |`);
		lines.push('');
	}
	return lines;
}

function actionStepsMarkdown(steps: ActionStep[], nameOf: (id: string) => string): string[] {
	if (steps.length === 0) return [];
	return [
		'## Action steps',
		'',
		...steps.map(
			(s) =>
				`- [${s.done ? 'x' : ' '}] ${s.text}${s.ownerId ? ` — ${nameOf(s.ownerId)}` : ''}${s.due ? ` (due ${s.due})` : ''}`
		),
		''
	];
}

export function exportDocument(
	doc: Y.Doc,
	meta: { title: string; kind: string },
	nameOf: (userId: string) => string = () => 'someone'
): ExportedDocument {
	const body = bodyOf(doc);
	const bodyLines = body
		? body
				.toArray()
				.filter((n): n is Y.XmlElement => n instanceof Y.XmlElement)
				.flatMap((n) => blockLines(n))
		: [];
	const goal = meta.kind === 'goal' ? readGoal(doc) : null;
	const actionSteps = readActionSteps(doc);
	const markdown = [
		`# ${meta.title}`,
		'',
		...(goal ? goalMarkdown(goal) : []),
		...bodyLines,
		...actionStepsMarkdown(actionSteps, nameOf)
	]
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	const text = bodyLines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	return { title: meta.title, kind: meta.kind, markdown: `${markdown}\n`, text, goal, actionSteps };
}
