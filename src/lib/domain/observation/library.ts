// The tool library: what coaches count most (research/coaching.md: eCOVE, ICG forms, CHALK).
import type { ToolCode, ToolType } from './model.ts';

export interface ToolDefinition {
	label: string;
	type: ToolType;
	codes?: ToolCode[];
	size?: number | null;
}

export interface LibraryTool extends ToolDefinition {
	key: string;
	/** One line for the person choosing it. */
	description: string;
}

export const TOOL_LIBRARY: readonly LibraryTool[] = [
	{
		key: 'open-closed',
		label: 'Open vs closed questions',
		description: 'Tap each question the teacher asks.',
		type: 'tally',
		codes: [
			{ id: 'open', label: 'Open question' },
			{ id: 'closed', label: 'Closed question' }
		]
	},
	{
		key: 'praise-redirect',
		label: 'Praise vs redirect',
		description: 'Tap each specific praise and each redirection.',
		type: 'tally',
		codes: [
			{ id: 'praise', label: 'Praise' },
			{ id: 'redirect', label: 'Redirect' }
		]
	},
	{
		key: 'engagement',
		label: 'Engagement sweep',
		description: 'Every few minutes, count how many students are engaged.',
		type: 'sweep',
		size: 24
	},
	{
		key: 'talk-time',
		label: 'Teacher talk vs student talk',
		description: 'Tap who is talking; the timer splits the lesson.',
		type: 'timer',
		codes: [
			{ id: 'teacher', label: 'Teacher talk' },
			{ id: 'student', label: 'Student talk' }
		]
	},
	{
		key: 'bloom',
		label: 'Questions by Bloom level',
		description: 'Code each question by the thinking it asks for.',
		type: 'coding',
		codes: [
			{ id: 'remember', label: 'Remember' },
			{ id: 'understand', label: 'Understand' },
			{ id: 'apply', label: 'Apply' },
			{ id: 'analyze', label: 'Analyze' },
			{ id: 'evaluate', label: 'Evaluate' },
			{ id: 'create', label: 'Create' }
		]
	},
	{
		key: 'dok',
		label: 'Questions by DOK level',
		description: 'Code each question by its depth of knowledge.',
		type: 'coding',
		codes: [
			{ id: 'dok1', label: 'DOK 1 Recall' },
			{ id: 'dok2', label: 'DOK 2 Skill or concept' },
			{ id: 'dok3', label: 'DOK 3 Strategic thinking' },
			{ id: 'dok4', label: 'DOK 4 Extended thinking' }
		]
	}
];

export function libraryTool(key: string): LibraryTool | null {
	return TOOL_LIBRARY.find((tool) => tool.key === key) ?? null;
}

const SUGGESTIONS: readonly [RegExp, string][] = [
	[/question/i, 'open-closed'],
	[/bloom|higher[- ]order|rigou?r/i, 'bloom'],
	[/\bdok\b|depth of knowledge/i, 'dok'],
	[/praise|redirect|feedback|behaviou?r|positive/i, 'praise-redirect'],
	[/engag|on[- ]task|participat|attention/i, 'engagement'],
	[/talk|discuss|discourse|explain|wait time|turn and/i, 'talk-time']
];

/** Library tools that fit a lesson's look-fors (the observation's headings), in library order. */
export function suggestedTools(lookFors: readonly string[]): LibraryTool[] {
	const keys = new Set<string>();
	for (const lookFor of lookFors) {
		for (const [pattern, key] of SUGGESTIONS) if (pattern.test(lookFor)) keys.add(key);
	}
	return TOOL_LIBRARY.filter((tool) => keys.has(tool.key));
}
