// Issue 13: every column is classified, so a new column cannot reach a presenter unclassified; and the one
// presenter rule removes content fields (absent, not blank) for anyone who may not read the content.
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
	classOfColumn,
	columnClasses,
	contentFields,
	present,
	shapeClasses
} from '../../../src/lib/domain/content-classification.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';

const tables = (Object.values(schema) as unknown[])
	.filter((value): value is PgTable => is(value, PgTable))
	.map((table) => getTableConfig(table));

describe('the classification of the schema', () => {
	it('classifies every column of every table', () => {
		const unclassified = tables.flatMap((table) =>
			table.columns
				.filter((column) => classOfColumn(table.name, column.name) === undefined)
				.map((column) => `${table.name}.${column.name}`)
		);
		expect(tables.length).toBeGreaterThan(20);
		expect(unclassified).toEqual([]);
	});

	it('names no column that the schema does not have', () => {
		const known = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
		const stale = Object.entries(columnClasses).flatMap(([table, columns]) =>
			Object.keys(columns)
				.map((column) => `${table}.${column}`)
				.filter((name) => !known.has(name))
		);
		expect(stale).toEqual([]);
	});

	it('holds what the issue names as content to be content', () => {
		for (const name of [
			'coaching_cycles.title',
			'coaching_cycles.focus',
			'cycle_stage_events.note',
			'activities.title',
			'activities.location',
			'action_steps.text',
			'goal_progress.statement',
			'goal_progress.metric',
			'document_versions.name',
			'releases.note',
			'coaching_feedback.comment',
			'plc_groups.description',
			'document_updates.update',
			'document_snapshots.state'
		]) {
			const [table, column] = name.split('.') as [string, string];
			expect(classOfColumn(table, column), name).toBe('content');
		}
		for (const name of ['users.name', 'workspaces.name', 'coaching_cycles.stage', 'coaching_cycles.outcome'])
			expect(classOfColumn(...(name.split('.') as [string, string])), name).toBe('metadata');
		// Every free-text column of the schema that people type into is content, except people's and groups'
		// names, token labels and emails.
		const typed = tables.flatMap((t) =>
			t.columns
				.filter((c) => c.columnType === 'PgText' && classOfColumn(t.name, c.name) === 'metadata')
				.map((c) => `${t.name}.${c.name}`)
				.filter(
					(n) =>
						!/[._](id|by|key|of)$|\.(stage|from_stage|to_stage|status|type|kind|template|audience|access|action|channel|decision|reason|failure|roles|month|time_zone|outcome|subject_type|file_sha256|task)$/.test(
							n
						)
				)
		);
		expect(typed.sort()).toEqual(
			[
				'access_tokens.name',
				'invitations.email',
				'plc_groups.name',
				'users.email',
				'users.name',
				'workspaces.name',
				// Sign-in configuration and the provider account's address: how people sign in, not coaching.
				'user_identities.provider',
				'user_identities.issuer',
				'user_identities.email',
				'workspace_sign_in.display_name',
				'workspace_sign_in.issuer',
				'workspace_sign_in_domains.domain'
			].sort()
		);
	});
});

describe('present()', () => {
	const cycle = {
		id: 'c1',
		workspaceId: 'w1',
		coachId: 'u1',
		teacherId: 'u2',
		coach: { id: 'u1', name: 'Casey' },
		teacher: { id: 'u2', name: 'Taylor' },
		title: 'Classroom management',
		focus: 'Struggles with transitions',
		stage: 'improve',
		status: 'closed',
		startDate: null,
		targetDate: null,
		outcome: 'partly_met',
		closedAt: '2026-01-01T00:00:00.000Z',
		archived: false,
		createdAt: '2026-01-01T00:00:00.000Z',
		documentCount: 2,
		documents: [{ id: 'd1', kind: 'goal', title: 'Goal: transitions' }]
	};

	it('gives a reader of the content everything', () => {
		expect(present('cycle', cycle, true)).toEqual(cycle);
	});

	it('gives anyone else the metadata, with the content fields absent', () => {
		const shown = present('cycle', cycle, false);
		for (const field of contentFields('cycle')) expect(field in shown, field).toBe(false);
		expect(shown).toMatchObject({ stage: 'improve', outcome: 'partly_met', documentCount: 2 });
		expect(JSON.stringify(shown)).not.toMatch(/transitions|Classroom/);
	});

	it('treats a field nobody classified as content', () => {
		const shown = present('stageEvent', { id: 'e1', note: 'why', surprise: 'unclassified' }, false);
		expect(shown).toEqual({ id: 'e1' });
	});

	it('classifies the fields of the shapes named in the issue as content', () => {
		expect(contentFields('stageEvent')).toEqual(['note']);
		expect(contentFields('activity').sort()).toEqual(['cycleTitle', 'documents', 'location', 'title']);
		expect(contentFields('plc').sort()).toEqual(['description', 'documents']);
		expect(shapeClasses.logLine).not.toHaveProperty('body');
		expect(Object.values(shapeClasses.logLine)).not.toContain('content');
	});
});
