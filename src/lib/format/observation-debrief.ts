// The group debrief that follows a demonstration lesson: its body, built from the observation — the
// tool totals and highlights from each observer's lane — so the group starts from the evidence.
import { summarizeTools } from '../domain/observation/figures.ts';
import { lanesOf } from '../domain/observation/lanes.ts';
import type { ObservationNote, ObservationSnapshot } from '../domain/observation/model.ts';
import { instantMs } from '../domain/observation/read.ts';
import { describeSummary, formatDuration } from './observation.ts';

export interface DebriefBlock {
	type: 'heading' | 'paragraph';
	text: string;
	level?: number;
}

/** Notes taken from a lane without highlights: its first few, in order. */
export const NOTES_PER_LANE_WITHOUT_HIGHLIGHTS = 5;
/** At most this many highlights per lane, so the debrief stays a page, not a transcript. */
export const HIGHLIGHTS_PER_LANE_MAX = 12;

export const DEBRIEF_HEADINGS = {
	lesson: 'The lesson',
	data: 'Data from the tools',
	highlights: 'Highlights from each observer',
	patterns: 'What we noticed together',
	questions: 'Questions to discuss',
	next: 'Next steps'
} as const;

export function debriefTitle(observationTitle: string): string {
	const base = observationTitle.replace(/^Observation:\s*/i, '').trim() || 'Observation';
	return `Group debrief: ${base}`.slice(0, 200);
}

function noteLine(note: ObservationNote): string {
	const when = note.offsetMs !== null ? `${formatDuration(note.offsetMs)} · ` : '';
	const tags = note.tags.length > 0 ? ` [${note.tags.join(', ')}]` : '';
	return `${when}${note.text}${tags}`;
}

export interface DebriefContext {
	people?: Readonly<Record<string, string>>;
	/** IANA zone for the lesson's clock times (the workspace's). */
	timeZone?: string;
	nowMs: number;
}

function clockTime(iso: string, timeZone: string | undefined): string {
	try {
		return new Intl.DateTimeFormat('en-US', {
			dateStyle: 'medium',
			timeStyle: 'short',
			timeZone
		}).format(new Date(iso));
	} catch {
		return iso;
	}
}

export function debriefBlocks(snapshot: ObservationSnapshot, context: DebriefContext): DebriefBlock[] {
	const h2 = (text: string): DebriefBlock => ({ type: 'heading', text, level: 2 });
	const h3 = (text: string): DebriefBlock => ({ type: 'heading', text, level: 3 });
	const p = (text: string): DebriefBlock => ({ type: 'paragraph', text });

	const lanes = lanesOf(snapshot.notes, context.people ?? {});
	const { startedAt, endedAt } = snapshot.session;
	const lesson: string[] = [];
	if (startedAt) {
		const started = clockTime(startedAt, context.timeZone);
		const startedMs = instantMs(startedAt) ?? 0;
		const duration = endedAt ? ` for ${formatDuration((instantMs(endedAt) ?? startedMs) - startedMs)}` : '';
		lesson.push(`Observed from ${started}${duration}.`);
	}
	if (lanes.length > 0) {
		const count = lanes.length === 1 ? 'one observer' : `${lanes.length} observers`;
		lesson.push(`Notes from ${count}: ${lanes.map((lane) => lane.name).join(', ')}.`);
	}

	const blocks: DebriefBlock[] = [h2(DEBRIEF_HEADINGS.lesson), p(lesson.join(' ') || 'No notes were taken.')];

	blocks.push(h2(DEBRIEF_HEADINGS.data));
	const summaries = summarizeTools(snapshot, context.nowMs);
	if (summaries.length === 0) blocks.push(p('No data tools were used.'));
	for (const summary of summaries) blocks.push(p(`${summary.tool.label}: ${describeSummary(summary)}`));

	blocks.push(h2(DEBRIEF_HEADINGS.highlights));
	if (lanes.length === 0) blocks.push(p('No notes were taken.'));
	for (const lane of lanes) {
		blocks.push(h3(lane.name));
		const highlights = lane.notes.filter((note) => note.highlight);
		const chosen =
			highlights.length > 0
				? highlights.slice(0, HIGHLIGHTS_PER_LANE_MAX)
				: lane.notes.slice(0, NOTES_PER_LANE_WITHOUT_HIGHLIGHTS);
		for (const note of chosen) blocks.push(p(noteLine(note)));
		const rest = lane.notes.length - chosen.length;
		if (rest > 0) blocks.push(p(`…and ${rest} more ${rest === 1 ? 'note' : 'notes'} in the observation.`));
	}

	blocks.push(
		h2(DEBRIEF_HEADINGS.patterns),
		p('What patterns do we see across our notes and the data?'),
		h2(DEBRIEF_HEADINGS.questions),
		p('What do we want to ask the teacher who modelled the lesson?'),
		h2(DEBRIEF_HEADINGS.next),
		p('What will each of us try? Add each as an action step below.')
	);
	return blocks;
}
