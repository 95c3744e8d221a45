// A document as one exportable tree of body nodes: its title, the facts of its header, the sections of its
// kind (a goal's fields, PEERS and measurements; an observation's notes and tools; a protocol's phases),
// its body as written, its action steps and its comments. Markdown (markdown.ts) and PDF (the server's
// pdf renderer) are both made from this tree, so the two always hold the same things.
import type { ActionStep } from '../../domain/action-steps.ts';
import type { BodyNode, DocumentContent, ExportedComment } from '../../domain/document-content.ts';
import { measurementSourceLabel, PEERS_CRITERIA, type GoalSnapshot } from '../../domain/goal-document.ts';
import type { ToolSummary } from '../../domain/observation/figures.ts';
import { lanesOf } from '../../domain/observation/lanes.ts';
import type { ObservationContent } from '../../domain/document-content.ts';
import type { Protocol } from '../../domain/protocol.ts';
import { formatDate, formatDateTime, formatTime } from '../cycles.ts';
import { describeSummary, formatDuration } from '../observation.ts';
import { bold, bulletList, heading, paragraph, table, taskList, text } from './nodes.ts';

/** Who and what a document is, for its header: all of it may be shown to whoever may read the document. */
export interface ExportFacts {
	title: string;
	kind: string;
	/** "Observation", "Goal", … */
	kindLabel: string;
	teacherName: string | null;
	coachName: string | null;
	/** The cycle's title as people know it, or the PLC's name; null for a workspace document. */
	cycleTitle: string | null;
	/** When the export was made (ISO). */
	exportedAt: string;
	/** When the document was last changed (ISO). */
	updatedAt: string;
	/** The workspace's zone: every time in the export is in it, and it is named. */
	timeZone: string;
}

export interface ExportContext {
	/** The names of the workspace's people by id (former members included where known). */
	people: Readonly<Record<string, string>>;
	timeZone: string;
}

function nameOf(context: ExportContext, userId: string): string {
	return context.people[userId] ?? 'A former member';
}

const TOOL_TYPE_LABELS: Record<string, string> = {
	tally: 'Tally',
	sweep: 'Engagement sweep',
	timer: 'Segment timer',
	coding: 'Question coding'
};

/** The header's lines, also used by the PDF's running header and the print page. */
export function headerFacts(facts: ExportFacts): { label: string; value: string }[] {
	const lines = [{ label: 'Kind', value: facts.kindLabel }];
	if (facts.teacherName) lines.push({ label: 'Teacher', value: facts.teacherName });
	if (facts.coachName) lines.push({ label: 'Coach', value: facts.coachName });
	if (facts.cycleTitle) lines.push({ label: facts.teacherName ? 'Cycle' : 'Group', value: facts.cycleTitle });
	lines.push({ label: 'Last edited', value: at(facts.updatedAt, facts.timeZone) });
	lines.push({ label: 'Exported', value: at(facts.exportedAt, facts.timeZone) });
	return lines;
}

/** The PDF's running header after the title: teacher, cycle, date. */
export function headerLine(
	facts: Pick<ExportFacts, 'teacherName' | 'cycleTitle' | 'exportedAt' | 'timeZone'>
): string {
	return [facts.teacherName, facts.cycleTitle, formatDate(dateIn(facts.exportedAt, facts.timeZone))]
		.filter(Boolean)
		.join(' · ');
}

/** The calendar day of an instant in a zone, 'YYYY-MM-DD'. */
function dateIn(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date(iso));
}

function at(iso: string, timeZone: string): string {
	return `${formatDateTime(iso, timeZone)} (${timeZone})`;
}

function goalSection(goal: GoalSnapshot): BodyNode[] {
	const { fields, peers, measurements } = goal;
	return [
		heading(2, 'Goal'),
		table(
			['Field', 'Value'],
			[
				['Statement', fields.statement],
				['Measured by', fields.metric],
				['Baseline', fields.baselineText],
				['Target', fields.targetText],
				['Due', fields.due ? formatDate(fields.due, 'long') : '']
			]
		),
		heading(3, 'PEERS'),
		taskList(
			PEERS_CRITERIA.map((criterion) => ({
				checked: peers[criterion.key],
				inline: [...bold(criterion.label), ...text(` — ${criterion.explanation}`)]
			}))
		),
		heading(3, 'Measurements'),
		measurements.length === 0
			? paragraph(text('No measurements yet.'))
			: table(
					['Date', 'Value', 'Note', 'Source'],
					measurements.map((m) => [
						formatDate(m.date),
						String(m.value),
						m.note,
						measurementSourceLabel(m.source)
					])
				)
	];
}

function toolSection(summary: ToolSummary, context: ExportContext, startedAt: string | null): BodyNode[] {
	const { tool } = summary;
	const intro = paragraph(
		bold(tool.label),
		text(` (${TOOL_TYPE_LABELS[tool.type] ?? tool.type}): ${describeSummary(summary)}`)
	);
	switch (summary.kind) {
		case 'counts': {
			const codes = summary.counts;
			const byCode = table(
				['Code', 'Count'],
				[...codes.map((c) => [c.label, String(c.count)]), [bold('Total'), bold(String(summary.total))]]
			);
			const buckets =
				summary.buckets.length === 0
					? []
					: [
							paragraph(text(`${tool.label}, every five minutes:`)),
							table(
								['From', ...codes.map((c) => c.label), 'Total'],
								summary.buckets.map((b) => [
									formatDuration(b.startMs),
									...b.counts.map((c) => String(c.count)),
									String(b.total)
								])
							)
						];
			return [intro, byCode, ...buckets];
		}
		case 'sweep':
			return [
				intro,
				...(summary.points.length === 0
					? []
					: [
							table(
								['Time', 'From start', 'Engaged', 'Of', '%'],
								summary.points.map((p) => [
									formatTime(p.at, context.timeZone),
									formatDuration(p.offsetMs),
									String(p.value),
									String(p.of),
									`${p.percent}%`
								])
							)
						])
			];
		case 'timer': {
			const label = (code: string) => tool.codes.find((c) => c.id === code)?.label ?? code;
			// Time zero: the session's start, else the first tap (as the page's timeline does).
			const zero = (startedAt ? Date.parse(startedAt) : NaN) || (summary.intervals[0]?.startMs ?? 0);
			return [
				intro,
				table(
					['Segment', 'Time', '%'],
					summary.segments.map((s) => [s.label, formatDuration(s.ms), `${s.percent}%`])
				),
				...(summary.intervals.length === 0
					? []
					: [
							paragraph(text(`${tool.label}, segment by segment:`)),
							table(
								['From', 'To', 'Segment'],
								summary.intervals.map((i) => [
									formatDuration(i.startMs - zero),
									formatDuration(i.endMs - zero),
									label(i.code)
								])
							)
						])
			];
		}
	}
}

function observationSection(observation: ObservationContent, context: ExportContext): BodyNode[] {
	const { session, notes, tools } = observation;
	const lanes = lanesOf(notes, context.people);
	const laneName = new Map(lanes.map((lane) => [lane.id, lane.name]));
	const times: BodyNode[][] = [];
	if (session.startedAt) times.push([...bold('Started: '), ...text(at(session.startedAt, context.timeZone))]);
	if (session.endedAt) times.push([...bold('Ended: '), ...text(at(session.endedAt, context.timeZone))]);
	if (lanes.length > 0) times.push([...bold('Observers: '), ...text(lanes.map((l) => l.name).join(', '))]);
	return [
		heading(2, 'Observation'),
		...(times.length > 0 ? [bulletList(times)] : []),
		heading(3, 'Notes'),
		notes.length === 0
			? paragraph(text('No notes.'))
			: table(
					['Time', 'From start', 'Observer', 'Note', 'Tags'],
					notes.map((note) => [
						note.at ? formatTime(note.at, context.timeZone) : '',
						note.offsetMs === null ? '' : formatDuration(note.offsetMs),
						laneName.get(note.lane) ?? 'Observer',
						note.highlight ? [...bold('Highlight:'), ...text(` ${note.text}`)] : note.text,
						note.tags.join(', ')
					])
				),
		heading(3, 'Tools'),
		...(tools.length === 0
			? [paragraph(text('No tools.'))]
			: tools.flatMap((summary) => toolSection(summary, context, session.startedAt)))
	];
}

function protocolSection(protocol: Protocol): BodyNode[] {
	if (protocol.phases.length === 0) return [];
	return [
		heading(2, 'Protocol'),
		table(
			['Phase', 'Minutes'],
			protocol.phases.map((phase) => [phase.name, String(phase.minutes)])
		)
	];
}

function actionStepsSection(steps: readonly ActionStep[], context: ExportContext): BodyNode[] {
	if (steps.length === 0) return [];
	return [
		heading(2, 'Action steps'),
		taskList(
			steps.map((step) => ({
				checked: step.done,
				inline: [
					...text(step.text),
					...(step.ownerId ? text(` — ${nameOf(context, step.ownerId)}`) : []),
					...(step.due ? text(` (due ${formatDate(step.due)})`) : [])
				]
			}))
		)
	];
}

/** The threads, oldest first: the passage each is on, who, when, what, whether resolved, then its replies. */
export function commentsSection(comments: readonly ExportedComment[], context: ExportContext): BodyNode[] {
	if (comments.length === 0) return [];
	const passage = (comment: ExportedComment) =>
		comment.quote === null
			? []
			: text(`${comment.onDeletedText ? 'On deleted text' : 'On'} "${comment.quote}": `);
	return [
		heading(2, 'Comments'),
		bulletList(
			comments.flatMap((comment) => [
				[
					...passage(comment),
					...bold(nameOf(context, comment.authorId)),
					...text(`, ${at(comment.at, context.timeZone)}: `),
					...text(comment.text),
					...(comment.resolved
						? text(
								` (resolved by ${nameOf(context, comment.resolved.by)}, ${at(comment.resolved.at, context.timeZone)})`
							)
						: [])
				],
				...comment.replies.map((reply) => [
					...text('Reply from '),
					...bold(nameOf(context, reply.authorId)),
					...text(`, ${at(reply.at, context.timeZone)}: `),
					...text(reply.text)
				])
			])
		)
	];
}

/** The whole export as one `doc` node. */
export function exportTree(facts: ExportFacts, content: DocumentContent, context: ExportContext): BodyNode {
	const factLines = headerFacts(facts).map((line) => [...bold(`${line.label}: `), ...text(line.value)]);
	return {
		type: 'doc',
		content: [
			heading(1, facts.title),
			bulletList(factLines),
			...(content.goal ? goalSection(content.goal) : []),
			...(content.observation ? observationSection(content.observation, context) : []),
			...(content.protocol ? protocolSection(content.protocol) : []),
			...(content.body.content ?? []),
			...actionStepsSection(content.actionSteps, context),
			...commentsSection(content.comments, context)
		]
	};
}
